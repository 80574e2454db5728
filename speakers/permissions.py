"""Who may see and change lists of speakers, inscriptions and statements (registered from SpeakersConfig.ready()).

- Everyone who reads the portal or the API sees the lists and who is inscribed (the meeting's public record).
- A national focal point inscribes its own state (`acts=is_focal_point`) and submits its own state's statements; it
  may replace a statement's file until staff publish it. While the list is open and the state has not been called,
  it may change who speaks for the state (name, rank) or withdraw the inscription; its place is staff's to set.
  Whether the state may inscribe (an accredited delegation, the list open, once) and may submit (it spoke) is
  validation (`speakers.models`), answered as field errors.
- Published statements are read by every reader; a submitted one only by staff and its own state's focal points.
- Staff order, close and reopen the lists, mark who spoke and publish statements.
"""

from django.db.models import Q

from core.permissions import NOTHING, Rule, is_focal_point, register

from .choices import InscriptionStatus, ListStatus, StatementStatus
from .models import Inscription, SpeakersList, Statement


def own_state(user):
    """The rows of the state a focal point acts for (none for an organization's focal point)."""
    if not is_focal_point(user) or user.country_id is None:
        return NOTHING
    return Q(country_id=user.country_id)


def _inscription_change(user):
    return own_state(user) & Q(status=InscriptionStatus.INSCRIBED, speakers_list__status=ListStatus.OPEN)


def _statement_view(user):
    return Q(status=StatementStatus.PUBLISHED) | own_state(user)


def _statement_change(user):
    return own_state(user) & Q(status=StatementStatus.SUBMITTED)


register(SpeakersList, Rule(acts=is_focal_point))
register(
    Inscription,
    Rule(add=own_state, change=_inscription_change, delete=_inscription_change, acts=is_focal_point),
)
register(Statement, Rule(view=_statement_view, add=own_state, change=_statement_change, acts=is_focal_point))
