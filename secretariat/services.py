"""Operations of the meeting cycle that are more than a status step (those live in secretariat/workflows.py).

Each is atomic and locks the row it numbers under, so two people doing the same at once get distinct numbers.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import AgendaItemStatus, DocumentStatus, MeetingStatus, RevisionKind
from .models import AgendaItem, Document, Meeting
from .workflows import DOCUMENT_WORKFLOW


@transaction.atomic
def carry_forward_agenda(meeting, user):
    """Copy the concluded meeting's unfinished, substantive agenda items to the next meeting of the same body.

    Procedural items (opening, adoption of the agenda, closing ...) stay behind. Idempotent: an item already
    carried to that meeting is not copied again. Returns the new items; each names where it came from.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.CONCLUDED:
        raise ValidationError(
            _("Carry items forward once %(meeting)s has concluded; it is %(status)s.")
            % {"meeting": meeting, "status": meeting.get_status_display()}
        )
    target = meeting.next_of_same_body
    if target is None:
        raise ValidationError(_("There is no later meeting of %(body)s to carry items to.") % {"body": meeting.body})
    target = Meeting.objects.select_for_update().get(pk=target.pk)
    already = set(target.agenda_items.filter(carried_from__isnull=False).values_list("carried_from_id", flat=True))
    unfinished = meeting.agenda_items.filter(
        status__in=[AgendaItemStatus.OPEN, AgendaItemStatus.CARRIED_FORWARD], is_procedural=False
    )
    next_number = target.next_agenda_number()
    created = []
    for item in unfinished.exclude(pk__in=already).order_by("number"):
        carried = AgendaItem(
            meeting=target,
            number=next_number,
            title=item.title,
            title_ru=item.title_ru,
            description=item.description,
            carried_from=item,
        )
        carried._history_user = user
        carried._change_reason = _("Carried from %(meeting)s, item %(number)s") % {
            "meeting": meeting,
            "number": item.number,
        }
        carried.save()
        created.append(carried)
        next_number += 1
        if item.status != AgendaItemStatus.CARRIED_FORWARD:
            item.status = AgendaItemStatus.CARRIED_FORWARD
            item._history_user = user
            item.save(update_fields=["status"])
    return created


@transaction.atomic
def issue_revision(document, user, kind, *, title="", title_ru="", issued_on=None):
    """A revision (Rev.n), corrigendum (Corr.n) or addendum (Add.n) of `document`'s original, numbered under a lock
    on the original. A revision supersedes the text current before it; corrigenda and addenda stand beside it.
    Returns the new document (its language versions are uploaded to it next)."""
    if kind not in (RevisionKind.REVISION, RevisionKind.CORRIGENDUM, RevisionKind.ADDENDUM):
        raise ValidationError({"revision_kind": _("Choose a revision, a corrigendum or an addendum.")})
    original = Document.objects.select_for_update().get(pk=document.original_id or document.pk)
    family = original.family()
    number = (family.filter(revision_kind=kind).aggregate(last=Max("revision_number"))["last"] or 0) + 1
    latest = family.filter(revision_kind__in=[RevisionKind.ORIGINAL, RevisionKind.REVISION]).last()
    new = Document(
        original=original,
        revision_kind=kind,
        revision_number=number,
        title=title or latest.title,
        title_ru=title_ru or latest.title_ru,
        kind=original.kind,
        distribution=original.distribution,
        issued_on=issued_on or timezone.localdate(),
        meeting_id=original.meeting_id,
        measure_id=original.measure_id,
        agreement_id=original.agreement_id,
        instrument_id=original.instrument_id,
    )
    new._history_user = user
    new.save()
    if kind == RevisionKind.REVISION:
        earlier = family.filter(
            status=DocumentStatus.CURRENT, revision_kind__in=[RevisionKind.ORIGINAL, RevisionKind.REVISION]
        ).exclude(pk=new.pk)
        for previous in earlier:
            DOCUMENT_WORKFLOW.take(previous, user, "supersede")
    return new
