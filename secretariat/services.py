"""State changes of the meeting cycle. Admin, portal, API and tasks call these; they are atomic."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .choices import OPEN_DECISION_STATUSES, AgendaItemStatus, DecisionStatus
from .models import AgendaItem, Decision


@transaction.atomic
def carry_forward_agenda(meeting):
    """Copy the meeting's unfinished agenda items to the next meeting of the same body.

    Idempotent: an item already carried to that meeting is not copied again. Returns the new items.
    """
    target = meeting.next_of_same_body
    if target is None:
        raise ValidationError(_("There is no later meeting of %(body)s to carry items to.") % {"body": meeting.body})
    already = set(target.agenda_items.filter(carried_from__isnull=False).values_list("carried_from_id", flat=True))
    unfinished = meeting.agenda_items.filter(status__in=[AgendaItemStatus.OPEN, AgendaItemStatus.CARRIED_FORWARD])
    next_number = (target.agenda_items.aggregate(last=Max("number"))["last"] or 0) + 1
    created = []
    for item in unfinished.exclude(pk__in=already).order_by("number"):
        created.append(
            AgendaItem.objects.create(
                meeting=target,
                number=next_number,
                title=item.title,
                description=item.description,
                carried_from=item,
            )
        )
        next_number += 1
        if item.status != AgendaItemStatus.CARRIED_FORWARD:
            item.status = AgendaItemStatus.CARRIED_FORWARD
            item.save(update_fields=["status", "updated"])
    return created


@transaction.atomic
def refer_decision(decision, to_meeting, *, title=None, text=None, **fields):
    """Refer a matter up the meeting cycle: the higher body's decision records where it came from."""
    if decision.status not in OPEN_DECISION_STATUSES:
        raise ValidationError(_("Only an open decision can be referred."))
    number = (to_meeting.decisions.aggregate(last=Max("number"))["last"] or 0) + 1
    referred = Decision.objects.create(
        meeting=to_meeting,
        number=number,
        title=title or decision.title,
        text=text or decision.text,
        referred_from=decision,
        responsible_party=fields.pop("responsible_party", decision.responsible_party),
        responsible_country=fields.pop("responsible_country", decision.responsible_country),
        measure=fields.pop("measure", decision.measure),
        **fields,
    )
    decision.status = DecisionStatus.REFERRED
    decision.save(update_fields=["status", "updated"])
    return referred
