"""Who may see and change delegations and participants (registered with core.permissions from ready()).

- Staff: everything.
- A state (its coordinators and focal points) sees its own delegations in full; a focal point drafts, edits and
  deletes its state's (or organization's) delegation while it is open and nominations are open.
- Everyone else who may read sees a delegation only once accredited and on the meeting's issued list of
  participants; participants' personal details (email) are shown only to staff and their own state
  (participation.api.serializers).
- Registrations are read by every reader; only staff write them.
"""

from django.db.models import Q
from django.utils import timezone

from core.permissions import CHANGE, Rule, is_focal_point, register, restrict

from .choices import OPEN_DELEGATION_STATUSES, DelegationStatus
from .models import Delegation, Participant, Registration

own_q = Delegation.objects.own_q
acting_for_q = Delegation.objects.acting_for_q


def _listed_q(prefix=""):
    """On the meeting's issued list of participants (DelegationQuerySet.listed)."""
    return Q(**{f"{prefix}on_issued_list": True})


def _nominations_open_q(prefix=""):
    return Q(**{f"{prefix}meeting__registration__deadline__gt": timezone.now()})


def _delegation_view(user):
    return own_q(user) | _listed_q()


def _delegation_add(user):
    return acting_for_q(user) & _nominations_open_q()


def _delegation_change(user):
    return acting_for_q(user) & _nominations_open_q() & Q(status__in=OPEN_DELEGATION_STATUSES)


def _delegation_delete(user):
    return acting_for_q(user) & _nominations_open_q() & Q(status=DelegationStatus.DRAFT)


def _meetings_open_to(user):
    """The meetings under which a focal point may nominate: registration open and inviting its state."""
    return Q(registration__in=Registration.objects.open().for_user(user).values("pk"))


def _participant_view(user):
    return own_q(user, "delegation__") | _listed_q("delegation__")


def _participant_write(user):
    return Q(delegation__in=restrict(Delegation.objects.all(), user, CHANGE).values("pk"))


def _delegations_open_to(user):
    return Q(pk__in=restrict(Delegation.objects.all(), user, CHANGE).values("pk"))


register(
    Delegation,
    Rule(
        view=_delegation_view,
        add=_delegation_add,
        change=_delegation_change,
        delete=_delegation_delete,
        add_under=_meetings_open_to,
        acts=is_focal_point,
    ),
)
register(
    Participant,
    Rule(
        view=_participant_view,
        add=_participant_write,
        change=_participant_write,
        delete=_participant_write,
        add_under=_delegations_open_to,
        acts=is_focal_point,
    ),
)
register(Registration, Rule())
