"""Operations on more than one row of a list of speakers: ordering it (atomic, under the list's row lock)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import SpeakersList


def _renumber(speakers_list, inscriptions, user):
    for place, inscription in enumerate(inscriptions, start=1):
        if inscription.position != place:
            inscription.position = place
            inscription._history_user = user
            inscription._change_reason = _("List reordered")
            inscription.save(update_fields=["position"])


def reorder(speakers_list, order, user):
    """Give the floor in `order` (the list's inscription ids, every one exactly once); returns the list."""
    with transaction.atomic():
        speakers_list = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
        inscriptions = {inscription.pk: inscription for inscription in speakers_list.inscriptions.all()}
        order = [int(pk) for pk in order]
        if sorted(order) != sorted(inscriptions):
            raise ValidationError(
                {"order": _("Name every inscription of this list exactly once, in the order the floor is given.")}
            )
        _renumber(speakers_list, [inscriptions[pk] for pk in order], user)
    return speakers_list


def order_by_protocol(speakers_list, user):
    """Heads of state or government first, then ministers, heads of delegation and delegates; within each, in the
    order they inscribed."""
    with transaction.atomic():
        speakers_list = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
        inscriptions = sorted(speakers_list.inscriptions.all(), key=lambda i: (i.rank_order, i.created, i.pk))
        _renumber(speakers_list, inscriptions, user)
    return speakers_list
