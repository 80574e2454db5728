"""Abstract building blocks shared by every domain app."""

import datetime
import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.workflows import workflow_for

# Every date the portal keeps lies in these years: CICA's history starts in 1992, and a date far outside (year 9999
# typed for 2099, year 1) only breaks calendars, reminders and date arithmetic downstream.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def date_in_range(value):
    """Is `value` (a date or date-time, or None) empty or within FIRST_YEAR..LAST_YEAR?"""
    if not isinstance(value, datetime.date):
        return True  # empty, or not a date at all: the field's own validation speaks for that
    return FIRST_YEAR <= value.year <= LAST_YEAR


def date_range_message():
    return _("Enter a date between the years %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}


class SaneDatesMixin:
    """Field validation also refuses any date or date-time outside FIRST_YEAR..LAST_YEAR, on every such field.

    Done here rather than as a validator on each field: one rule for every model, no migration per field.
    """

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.DateField) or field.name in exclude or field.name in errors:
                continue
            if not date_in_range(getattr(self, field.attname)):
                errors[field.name] = [ValidationError(date_range_message(), code="date_out_of_range")]
        if errors:
            raise ValidationError(errors)


class TimeStampedModel(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class DomainModel(SaneDatesMixin, TimeStampedModel):
    """A record of the CICA domain: time-stamped, versioned and validated on save (dates within FIRST_YEAR..LAST_YEAR
    included); every change kept in its history.

    A model with a workflow (core.workflows) has its status guarded here: it changes only through the workflow's
    steps. `lock_version` rises by one with every save, so a save made from an older copy can be refused
    (core.concurrency).
    """

    lock_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        workflow = workflow_for(type(self))
        if workflow is not None:
            workflow.guard(self)
        # Constraints that span rows live in clean(); running it here means no write path can skip them.
        self.full_clean(validate_unique=False, validate_constraints=False)
        if not self._state.adding:
            self.lock_version = (self.lock_version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated", "lock_version"}
        super().save(*args, **kwargs)
        self._remember_state()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_state()
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_state()

    def _remember_state(self):
        workflow = workflow_for(type(self))
        if workflow is not None and workflow.field in self.__dict__:
            self._loaded_state = getattr(self, workflow.field)


class BilingualNameMixin(models.Model):
    """A name in CICA's two working languages; `localized_name` answers in the active language."""

    name = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def localized_name(self):
        return localized(self, "name")


class BilingualTitleMixin(models.Model):
    """A title in CICA's two working languages; `localized_title` answers in the active language."""

    title = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def localized_title(self):
        return localized(self, "title")


class BilingualDescriptionMixin(models.Model):
    """A description in CICA's two working languages; `localized_description` answers in the active language."""

    description = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)

    class Meta:
        abstract = True

    @property
    def localized_description(self):
        return localized(self, "description")


def valid_time_zone(value):
    """A name of the IANA time zone database, e.g. Asia/Almaty."""
    if value and value not in available_time_zones():
        raise ValidationError(_("Choose a time zone from the list, e.g. Asia/Almaty."), code="invalid_time_zone")


@functools.cache
def available_time_zones():
    return frozenset(zoneinfo.available_timezones())


class InEnglish(str):
    """An English text shown where its Russian version is missing: a plain string to Python (emails' text, CSV,
    search), and in a template a visible fallback, marked as English for screen readers: `<span lang="en">Text</span>
    (in English)`, so a Russian reader sees that the translation is missing rather than silently reading English."""

    def __html__(self):
        return format_html(
            '<span lang="en">{}</span> <small class="in-english">({})</small>', str(self), gettext("in English")
        )


def localized(obj, field):
    """The Russian text of `field` when Russian is active and a translation exists, else the English one (marked as
    English, InEnglish, when Russian was wanted)."""
    value = getattr(obj, field)
    if (get_language() or "en").startswith("ru"):
        russian = getattr(obj, f"{field}_ru", "")
        if russian:
            return russian
        if value:
            return InEnglish(value)
    return value


def progress_field(**kwargs):
    return models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)], **kwargs
    )


def progress_constraint(prefix):
    return models.CheckConstraint(condition=models.Q(progress__lte=100), name=f"{prefix}_progress_at_most_100")


def dates_in_order_constraint(prefix, start, end):
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True}) | models.Q(**{f"{end}__gte": models.F(start)}),
        name=f"{prefix}_{end}_not_before_{start}",
        violation_error_message=_("The end date cannot be before the start date."),
    )


def check_dates_in_order(start, end, end_field="end_on", message=None):
    """Field error on `end_field` when `end` is before `start` (both may be empty)."""
    if start and end and end < start:
        raise ValidationError({end_field: message or _("The end date cannot be before the start date.")})


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def format_partial_date(value, precision):
    """Show a date only as precisely as it is known, in the active language's style: '1999', 'December 2010' or
    '20 May 2014' ('1999', 'Декабрь 2010 г.', '20 мая 2014 г.')."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")
