"""The delegation workflow (registered from ParticipationConfig.ready).

delegation  draft --submit--> submitted --accredit--> accredited
            returned --submit--> submitted --return--> returned;  accredited --return--> returned
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import is_staff
from core.workflows import Transition, Workflow, register

from .choices import DelegationStatus
from .models import Delegation


def nominating_state(user, delegation):
    """Staff, or a focal point of the delegation's state (or organization) while nominations are open."""
    if is_staff(user):
        return True
    acting = Delegation.objects.filter(pk=delegation.pk).acting_for(user).exists()
    return acting and nominations_closed(user, delegation) is None


def nominations_closed(user, delegation):
    """Why a focal point may not submit now: the nomination deadline has passed (None while it has not)."""
    try:
        delegation.check_nominable()
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _complete(delegation, data):
    """Exactly one head of delegation, no more participants than seats, a letter of credentials."""
    errors = delegation.completeness_errors()
    if errors:
        raise ValidationError(errors)


def _stamp_submission(delegation, user, data):
    """Who submitted it and when (a focal point only before the nomination deadline)."""
    if not is_staff(user):
        delegation.check_nominable()
    delegation.submitted_at, delegation.submitted_by = timezone.now(), user
    return ["submitted_at", "submitted_by"]


def _stamp_review(delegation, user, data):
    """Who reviewed it and when."""
    delegation.reviewed_at, delegation.reviewed_by = timezone.now(), user
    return ["reviewed_at", "reviewed_by"]


def _note_given(delegation, data):
    """A note saying why."""
    if not (data.get("return_note") or "").strip():
        raise ValidationError({"return_note": _("Say why the delegation is returned.")})


def _stamp_return(delegation, user, data):
    """The note, who reviewed it and when."""
    delegation.return_note = data["return_note"].strip()
    return ["return_note", *_stamp_review(delegation, user, data)]


def _stamp_accreditation(delegation, user, data):
    """Who accredited it and when; any earlier note is cleared."""
    delegation.return_note = ""
    return ["return_note", *_stamp_review(delegation, user, data)]


S = DelegationStatus
DELEGATION_WORKFLOW = register(
    Delegation,
    Workflow(
        states=S,
        initial=[S.DRAFT],
        noun=gettext_lazy("delegation"),
        transitions=[
            Transition(
                "submit",
                (S.DRAFT, S.RETURNED),
                S.SUBMITTED,
                gettext_lazy("Submit"),
                "submitted",
                allowed=nominating_state,
                refused=nominations_closed,
                check=_complete,
                apply=_stamp_submission,
            ),
            Transition(
                "accredit",
                (S.SUBMITTED,),
                S.ACCREDITED,
                gettext_lazy("Accredit"),
                "accredited",
                check=_complete,
                apply=_stamp_accreditation,
            ),
            Transition(
                "return",
                (S.SUBMITTED, S.ACCREDITED),
                S.RETURNED,
                gettext_lazy("Return for changes"),
                "returned",
                check=_note_given,
                apply=_stamp_return,
                inputs=("return_note",),
            ),
        ],
    ),
)
