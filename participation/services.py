"""The write paths of participation that span rows: issuing the list of participants."""

import hashlib
import json

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Case, When
from django.utils.translation import gettext as _

from .choices import DelegationStatus
from .models import Delegation, Participant, Registration
from .signals import list_of_participants_requested


def list_content(registration):
    """What the list of participants says (the accredited delegations and their participants), as data: the list is
    issued again as a revision only when this changes."""
    delegations = Delegation.objects.accredited().for_meeting(registration.meeting_id).order_by("pk")
    participants = Participant.objects.filter(delegation__in=delegations).heads_first()
    rows = [
        [p.delegation_id, p.name, p.name_cyrillic, p.title, p.function, p.function_ru, p.is_head] for p in participants
    ]
    senders = list(delegations.values_list("pk", "country_id", "partner_id"))
    return {"delegations": senders, "participants": rows}


def list_digest(registration):
    return hashlib.sha256(json.dumps(list_content(registration), sort_keys=True).encode()).hexdigest()


@transaction.atomic
def issue_list_of_participants(registration, user):
    """Issue the meeting's list of participants (English and Russian) as its document, under the meeting's symbol
    series (CICA/SWG/2026/3/INF.1); after issue, a changed list is issued as a revision (.../INF.1/Rev.1).
    Returns the Document; refuses (ValidationError) a list with no accredited delegation or one unchanged."""
    registration = Registration.objects.select_for_update().select_related("meeting__body").get(pk=registration.pk)
    if not Delegation.objects.accredited().for_meeting(registration.meeting_id).exists():
        raise ValidationError(_("No delegation is accredited to this meeting yet: there is no list to issue."))
    digest = list_digest(registration)
    if registration.participants_list_id and digest == registration.participants_list_digest:
        raise ValidationError(
            _("The list of participants has not changed since %(symbol)s was issued.")
            % {"symbol": registration.participants_list.symbol}
        )
    answers = [
        document
        for _receiver, document in list_of_participants_requested.send(
            sender=Registration, registration=registration, user=user
        )
        if document is not None
    ]
    if not answers:
        raise ImproperlyConfigured("nothing prints the list of participants (printouts is not installed)")
    document = answers[0]
    # Who the list names is who everyone may now read (participation.permissions): the accredited delegations.
    Delegation.objects.for_meeting(registration.meeting_id).update(
        on_issued_list=Case(When(status=DelegationStatus.ACCREDITED, then=True), default=False)
    )
    registration.participants_list, registration.participants_list_digest = document, digest
    registration._history_user = user
    registration.save(update_fields=["participants_list", "participants_list_digest"])
    return document
