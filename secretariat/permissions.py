"""Who may see and change the meeting cycle's rows (registered with core.permissions from SecretariatConfig.ready())."""

from django.db.models import Q

from core.permissions import NOTHING, Rule, is_coordinator, is_focal_point, is_staff, register, restrict

from .choices import OPEN_DECISION_STATUSES, Distribution
from .models import Decision, Document, DocumentLanguageVersion


def speaks_for_a_member_state(user):
    """A coordinator, or a national focal point of a member state (not of an observer state or an organization):
    who reads the documents distributed to member states only."""
    if is_coordinator(user):
        return True
    return is_focal_point(user) and user.country_id is not None and not user.country.is_observer


def _document_view(user):
    if speaks_for_a_member_state(user):
        return Q(distribution__in=(Distribution.PUBLIC, Distribution.MEMBER_STATES))
    return Q(distribution=Distribution.PUBLIC)


def _language_version_view(user):
    return Q(document__in=restrict(Document.objects.all(), user, "view"))


def _decision_change(user):
    """A coordinator reports progress on the open decisions their country must implement."""
    if not is_coordinator(user):
        return NOTHING
    return Decision.objects.assigned_q(user.country_id) & Q(status__in=OPEN_DECISION_STATUSES)


register(Document, Rule(view=_document_view))
register(DocumentLanguageVersion, Rule(view=_language_version_view))
register(Decision, Rule(change=_decision_change))


def decision_fields_for(user):
    """The decision fields `user` may write: all for staff, progress and status for an assigned coordinator."""
    if is_staff(user):
        return None
    return ("progress", "status") if is_coordinator(user) else ()
