"""The silence procedure's workflow (registered from SilenceConfig.ready()).

    draft --start--> running --adopt (the clock, at expiry, nobody broke silence)--> adopted
                     running --not_adopt (the clock, at expiry, silence broken)--> not adopted
                     running --break | join_consensus (a focal point of a concerned state, before expiry)--> running
                     running --extend (staff, before expiry)--> running
    draft | running --withdraw (staff, before expiry)--> withdrawn

Every step takes the procedure's row lock (core.workflows.Workflow.take) and asks the server's clock inside it:
`now >= expires_at` means closed. So an answer and the conclusion are serialized on the row: an answer that gets
the lock before the expiry is counted, one after it is refused, and the conclusion sees every answer counted.
Only the clock concludes (`user` None, silence.services.conclude): no door offers adopt or not_adopt.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import is_focal_point
from core.workflows import Transition, Workflow, register, staff
from secretariat.choices import DocumentKind

from .choices import BREAKING_KINDS, ResponseKind, SilenceStatus
from .models import SilenceProcedure, SilenceResponse


def the_clock(user, procedure):
    """The conclusion job, on the server's clock: no person takes this step."""
    return user is None


def concerned_focal_point(user, procedure):
    """A focal point of a state the procedure concerns."""
    return is_focal_point(user) and procedure.concerns(user.country_id)


def _ended(procedure):
    when = formats.date_format(timezone.localtime(procedure.expires_at), "DATETIME_FORMAT")
    return _("The silence period ended at %(when)s. Nothing was recorded.") % {"when": when}


def before_expiry(who):
    """`who` may take the step while the procedure is not running, or running and before its expiry: after it, no
    door offers the step (the conclusion is due)."""

    def allowed(user, procedure):
        return who(user, procedure) and (procedure.status != SilenceStatus.RUNNING or procedure.is_open())

    return allowed


def why_closed(user, procedure):
    """The refusal of a step asked once the expiry has come."""
    if procedure.status == SilenceStatus.RUNNING and not procedure.is_open():
        return ValidationError({"expires_at": _ended(procedure)})
    return None


def _still_open(procedure, data):
    """Before the expiry, on the server's clock (read once: the moment a step is judged by is the one it records)."""
    data["received_at"] = timezone.now()
    if not procedure.is_open(data["received_at"]):
        raise ValidationError({"expires_at": _ended(procedure)})


def _started_in_time(procedure, data):
    """An expiry in the future."""
    if procedure.expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry has passed: give one in the future, then start.")})


def _stamp_start(procedure, user, data):
    """The start time."""
    procedure.started_at = timezone.now()
    return ["started_at"]


def _concern_the_body(procedure, user, data):
    """Left empty, the states concerned are the members of the body."""
    if not procedure.states.exists():
        procedure.states.set(procedure.default_states())


def _answer_check(breaking):
    def check(procedure, data):
        """Before the expiry; a break is written."""
        _still_open(procedure, data)
        if breaking:
            if data.get("kind", ResponseKind.OBJECTION) not in BREAKING_KINDS:
                raise ValidationError({"kind": _("Choose an objection or a proposed amendment.")})
            if not (data.get("text") or "").strip():
                raise ValidationError(
                    {"text": _("Write the objection or the amendment: silence is broken in writing.")}
                )

    return check


def _record_answer(kind=None):
    def apply(procedure, user, data):
        """The state's answer is recorded (one per state)."""
        if SilenceResponse.objects.filter(procedure=procedure, country_id=user.country_id).exists():
            raise ValidationError({"kind": _("Your state has already answered this procedure. Nothing was recorded.")})
        response = SilenceResponse(
            procedure=procedure,
            country_id=user.country_id,
            kind=kind or data.get("kind", ResponseKind.OBJECTION),
            text=(data.get("text") or "").strip(),
            author=user,
            responded_at=data["received_at"],
        )
        if data.get("file"):
            response.file = data["file"]
        response._history_user = user
        response.save()
        procedure.recorded_response = response  # announced with the step (core.signals.transitioned)
        return []

    return apply


def _new_expiry(procedure, data):
    """Before the expiry, and a later one given."""
    _still_open(procedure, data)
    new = data.get("expires_at")
    if new is None or new <= procedure.expires_at:
        raise ValidationError({"expires_at": _("Give a new expiry later than the current one.")})


def _stamp_extension(procedure, user, data):
    """The new expiry."""
    procedure.expires_at = data["expires_at"]
    procedure.extensions += 1
    return ["expires_at", "extensions"]


def _withdraw_check(procedure, data):
    """A running procedure only before its expiry."""
    if procedure.status == SilenceStatus.RUNNING:
        _still_open(procedure, data)


def _expired(broken):
    def check(procedure, data):
        """The expiry has come (server's clock); silence broken or not."""
        if not procedure.is_due():
            raise ValidationError({"expires_at": _("The silence period has not ended yet.")})
        if procedure.is_broken() != broken:
            raise ValidationError(
                {
                    "status": _("Silence was broken: the text is not adopted.")
                    if procedure.is_broken()
                    else _("Nobody broke silence: the text is adopted.")
                }
            )

    return check


def _stamp_conclusion(adopted):
    def apply(procedure, user, data):
        """The conclusion time (and, adopted, the expiry's date)."""
        procedure.concluded_at = timezone.now()
        if not adopted:
            return ["concluded_at"]
        procedure.adopted_on = procedure.expiry_date
        return ["concluded_at", "adopted_on"]

    return apply


def _text_adopted(procedure, user, data):
    """A document under silence becomes final (an adopted text)."""
    document = procedure.document
    if document is not None and document.kind != DocumentKind.ADOPTED_TEXT:
        document.kind = DocumentKind.ADOPTED_TEXT
        document._history_user = user
        document._change_reason = _("Adopted under silence procedure")
        document.save(update_fields=["kind"])


def _kind_field(procedure):
    return forms.ChoiceField(
        choices=[(k.value, k.label) for k in ResponseKind if k in BREAKING_KINDS], label=_("Answer")
    )


def _text_field(procedure):
    return forms.CharField(widget=forms.Textarea, required=False, label=_("Text"))


S = SilenceStatus
SILENCE_WORKFLOW = register(
    SilenceProcedure,
    Workflow(
        states=S,
        initial=[S.DRAFT],
        noun=gettext_lazy("silence procedure"),
        input_fields={"kind": _kind_field, "text": _text_field},
        transitions=[
            Transition(
                "start",
                (S.DRAFT,),
                S.RUNNING,
                gettext_lazy("Put under silence"),
                "started",
                check=_started_in_time,
                apply=_stamp_start,
                after=_concern_the_body,
            ),
            Transition(
                "break",
                (S.RUNNING,),
                S.RUNNING,
                gettext_lazy("Break silence"),
                "broken",
                allowed=before_expiry(concerned_focal_point),
                refused=why_closed,
                check=_answer_check(breaking=True),
                apply=_record_answer(),
                inputs=("kind", "text"),
            ),
            Transition(
                "join_consensus",
                (S.RUNNING,),
                S.RUNNING,
                gettext_lazy("Join consensus"),
                "joined_consensus",
                allowed=before_expiry(concerned_focal_point),
                refused=why_closed,
                check=_answer_check(breaking=False),
                apply=_record_answer(ResponseKind.CONSENSUS),
                inputs=("text",),
            ),
            Transition(
                "extend",
                (S.RUNNING,),
                S.RUNNING,
                gettext_lazy("Extend the silence period"),
                "extended",
                allowed=before_expiry(staff),
                refused=why_closed,
                check=_new_expiry,
                apply=_stamp_extension,
                inputs=("expires_at",),
            ),
            Transition(
                "adopt",
                (S.RUNNING,),
                S.ADOPTED,
                gettext_lazy("Adopt at expiry"),
                "adopted",
                allowed=the_clock,
                check=_expired(broken=False),
                apply=_stamp_conclusion(adopted=True),
                after=_text_adopted,
            ),
            Transition(
                "not_adopt",
                (S.RUNNING,),
                S.NOT_ADOPTED,
                gettext_lazy("Close as not adopted"),
                "not_adopted",
                allowed=the_clock,
                check=_expired(broken=True),
                apply=_stamp_conclusion(adopted=False),
            ),
            Transition(
                "withdraw",
                (S.DRAFT, S.RUNNING),
                S.WITHDRAWN,
                gettext_lazy("Withdraw the text"),
                "withdrawn",
                allowed=before_expiry(staff),
                refused=why_closed,
                check=_withdraw_check,
                destructive=True,
            ),
        ],
    ),
)
