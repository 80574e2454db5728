"""The "Changes" column of django-simple-history's history pages, as staff should read it.

simple-history turns each changed value into text with str(): a time reads as raw UTC ("2026-11-24 05:00:00+00:00"),
a status as its code, and a foreign key that was simply empty as "Deleted user (pk=None)" (its stand-in for a
related row it cannot find). Here an empty value reads as empty ("–"), a related row that was really deleted as
"deleted <kind> #<id>", a choice as its label, dates and times in the reader's language and time zone
(DomainAdmin.get_historical_record_context_helper).
"""

import datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "–"


def readable(field, value):
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return EMPTY
        return _("deleted %(kind)s #%(id)s") % {"kind": value.model._meta.verbose_name, "id": value.pk}
    if value is None or value == "":
        return EMPTY
    if getattr(field, "choices", None) and not isinstance(value, list):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_filter(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_filter(value, "DATE_FORMAT")
    return value


class ReadableHistory(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):
            return [readable(None, item) for item in value]
        return readable(field, value)
