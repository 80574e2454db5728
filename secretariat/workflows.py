"""The meeting cycle's workflows: decisions (with referral up the cycle), meetings and document revisions
(registered from SecretariatConfig.ready()).

    decision  open --start--> in progress --implement (100%)--> implemented --reopen--> in progress
              open | in progress --refer--> referred      (a draft decision at a higher body's meeting follows)
              open | in progress --cancel--> cancelled;  open | in progress | implemented --supersede--> superseded
    meeting   planned --convene--> convened --conclude--> concluded;  planned | convened --cancel--> cancelled
    document  current --supersede--> superseded         (taken when a revision, Rev.n, is issued)
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import may_change
from core.workflows import Transition, Workflow, fully_done, record_progress, register

from .choices import DecisionStatus, DocumentStatus, MeetingStatus
from .models import AgendaItem, Decision, Document, Meeting

# Decisions ----------------------------------------------------------------------------------------------------


def responsible_state(user, decision):
    """Staff, or a coordinator of a state that must implement the decision (Decision.objects.assigned_to)."""
    return may_change(user, decision)


def _referral_target(decision, data):
    """The meeting a decision is referred to: the one given, or the next meeting of the next body up the cycle."""
    target = data.get("to_meeting")
    if target is None:
        target = decision.next_referral_meeting()
        if target is None:
            raise ValidationError(
                {"to_meeting": _("No later meeting of a higher body is planned: give the meeting to refer to.")}
            )
    if not isinstance(target, Meeting):
        target = Meeting.objects.filter(pk=target).first()
    if target is None or not decision.referral_targets().filter(pk=target.pk).exists():
        raise ValidationError(
            {"to_meeting": _("Refer to a later, not yet concluded meeting of a body higher in the meeting cycle.")}
        )
    return target


def _check_referral(decision, data):
    """A later meeting of a higher body (by default the next one of the body it reports to)."""
    data["to_meeting"] = _referral_target(decision, data)


def _take_up_at_higher_meeting(decision, user, data):
    """The higher meeting gets an agenda item and a draft decision carrying the title and text over."""
    meeting = Meeting.objects.select_for_update().get(pk=data["to_meeting"].pk)  # numbering under a row lock
    item = AgendaItem(
        meeting=meeting, number=meeting.next_agenda_number(), title=decision.title, title_ru=decision.title_ru
    )
    item._history_user = user
    item.save()
    referred = Decision(
        meeting=meeting,
        agenda_item=item,
        number=meeting.next_decision_number(),
        title=decision.title,
        title_ru=decision.title_ru,
        text=decision.text,
        text_ru=decision.text_ru,
        responsible_party=decision.responsible_party,
        responsible_country_id=decision.responsible_country_id,
        measure_id=decision.measure_id,
        deadline=decision.deadline,
        progress=decision.progress,
        referred_from=decision,
    )
    referred._history_user = user
    referred._change_reason = _("Referred from %(decision)s") % {"decision": decision}
    referred.save()
    decision.taken_up_as = referred


def _referral_meeting_field(decision):
    return forms.ModelChoiceField(
        queryset=decision.referral_targets(),
        required=False,
        label=_("Refer to the meeting"),
        empty_label=_("the next meeting of the next body up the cycle"),
    )


D = DecisionStatus
OPEN = (D.OPEN, D.IN_PROGRESS)
DECISION_WORKFLOW = register(
    Decision,
    Workflow(
        states=D,
        initial=[D.OPEN],
        noun=gettext_lazy("decision"),
        input_fields={"to_meeting": _referral_meeting_field},
        transitions=[
            Transition("start", (D.OPEN,), D.IN_PROGRESS, gettext_lazy("Start"), "started", allowed=responsible_state),
            Transition(
                "implement",
                OPEN,
                D.IMPLEMENTED,
                gettext_lazy("Mark implemented"),
                "implemented",
                allowed=responsible_state,
                # xgettext:no-python-format
                check=fully_done(gettext_lazy("An implemented decision is 100% done: set its progress to 100.")),
                apply=record_progress,
                inputs=("progress",),
            ),
            Transition("reopen", (D.IMPLEMENTED,), D.IN_PROGRESS, gettext_lazy("Reopen"), "reopened"),
            Transition(
                "refer",
                OPEN,
                D.REFERRED,
                gettext_lazy("Refer up the meeting cycle"),
                "referred",
                check=_check_referral,
                after=_take_up_at_higher_meeting,
                inputs=("to_meeting",),
            ),
            Transition("cancel", OPEN, D.CANCELLED, gettext_lazy("Cancel"), "cancelled", destructive=True),
            Transition("supersede", (*OPEN, D.IMPLEMENTED), D.SUPERSEDED, gettext_lazy("Supersede"), "superseded"),
        ],
    ),
)

# Meetings -----------------------------------------------------------------------------------------------------

MS = MeetingStatus
MEETING_WORKFLOW = register(
    Meeting,
    Workflow(
        states=MS,
        initial=[MS.PLANNED],
        noun=gettext_lazy("meeting"),
        transitions=[
            Transition("convene", (MS.PLANNED,), MS.CONVENED, gettext_lazy("Convene"), "convened"),
            Transition("conclude", (MS.PLANNED, MS.CONVENED), MS.CONCLUDED, gettext_lazy("Conclude"), "concluded"),
            Transition(
                "cancel", (MS.PLANNED, MS.CONVENED), MS.CANCELLED, gettext_lazy("Cancel"), "cancelled", destructive=True
            ),
        ],
    ),
)

# Documents ----------------------------------------------------------------------------------------------------

DS = DocumentStatus
DOCUMENT_WORKFLOW = register(
    Document,
    Workflow(
        states=DS,
        initial=[DS.CURRENT],
        noun=gettext_lazy("document"),
        transitions=[
            Transition("supersede", (DS.CURRENT,), DS.SUPERSEDED, gettext_lazy("Supersede"), "superseded"),
        ],
    ),
)
