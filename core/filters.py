"""The base of every <Model>FilterSet: free-text search `q` and incremental sync `updated_since`.

The FilterSets live in each app's filters.py and are used by the API viewsets and the portal's list pages alike,
so a filter means the same thing everywhere (NetBox's filtersets.py).
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.filters import QuerySetRequestMixin

from core.models import FIRST_YEAR, LAST_YEAR, InEnglish
from core.permissions import VIEW, restrict
from core.textsearch import matching


class BaseFilterSet(django_filters.FilterSet):
    """Subclasses name the fields `q` searches in `search_fields` and add an `ordering` filter.

    A filter that names a related row by id (a ModelChoiceFilter, e.g. `?action_plan=7`) only accepts the rows the
    request's user may see: a hidden row's id is refused exactly like an id that does not exist (400), so a filter
    cannot tell anyone that a row they may not see is there.
    """

    search_fields = ()

    q = django_filters.CharFilter(method="search", label=_("Search"), help_text=_("Text search (case-insensitive)."))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated",
        method="filter_updated_since",
        label=_("Updated since"),
        help_text=_("Only rows changed at or after this ISO 8601 date-time, for incremental sync."),
    )

    @classmethod
    def get_filters(cls):
        """Every filter gets a label in the user's language, read off the model's own verbose names (so no filter
        is ever "[invalid name]" or "Dimension code"), date filters a date picker, sort options the fields' names."""
        filters = super().get_filters()
        model = cls._meta.model
        for name, filter_ in filters.items():
            if isinstance(filter_, django_filters.OrderingFilter):
                filter_.extra["choices"] = ordering_choices(model, filter_.param_map)
                filter_._label = filter_._label or _("Sort by")
                continue
            if filter_._label is None and model is not None:
                filter_._label = label_for(model, name, filter_.field_name, filter_.lookup_expr)
            if type(filter_) is django_filters.ModelChoiceFilter:
                filter_.field_class = NamedChoiceField  # rows named in the reader's language, not by str()
            if isinstance(filter_, django_filters.DateFilter) and "widget" not in filter_.extra:
                filter_.extra["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return filters

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, QuerySetRequestMixin):
                filter_.__dict__.pop("_field", None)  # a form field cached before this request would offer every row
                filter_.get_queryset = self._visible_choices(filter_.get_queryset)

    def _visible_choices(self, get_queryset):
        def visible(request):
            queryset = get_queryset(request)
            if request is None or queryset is None:
                return queryset  # built in code, not for a request: nobody's view to narrow
            return restrict(queryset, getattr(request, "user", None), VIEW)

        return visible

    def filter_updated_since(self, queryset, name, value):
        # In UTC: the database need not understand every offset ISO 8601 allows (e.g. -19:15).
        try:
            since = value.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as exc:
            raise ValidationError({"updated_since": _("Give a date-time between the years 1 and 9999.")}) from exc
        return queryset.filter(**{f"{name}__gte": since})

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(matching(queryset.model, self.search_fields, value))


RANGE_LOOKUPS = {"gte": _("{field} from"), "lte": _("{field} until"), "year": _("{field}: year")}


def model_field(model, path):
    """The model field `path` (a__b__c) ends at, or the last relation before a plain attribute, or None."""
    field = None
    for part in path.split("__"):
        if model is None:
            return field
        try:
            step = model._meta.get_field(part)
        except FieldDoesNotExist:
            return field
        if not step.is_relation and field is not None:
            return field  # measure__code: the measure, not its code
        field = step
        model = step.related_model if step.is_relation else None
    return field


def verbose_name(field):
    if field is None:
        return None
    if hasattr(field, "verbose_name"):
        return field.verbose_name
    return field.related_model._meta.verbose_name  # a reverse relation


def label_for(model, name, field_name, lookup_expr):
    """The filter's field's verbose name (the filter's own name when it is a model field), with its range."""
    label = verbose_name(model_field(model, name)) or verbose_name(model_field(model, field_name or name))
    if label is None:
        return capfirst(name.replace("_", " "))
    label = capfirst(label)
    if lookup_expr in RANGE_LOOKUPS:
        return format_lazy(RANGE_LOOKUPS[lookup_expr], field=label)
    return label


ORDERING_LABELS = {"updated": _("last changed"), "created": _("created")}


def ordering_choices(model, param_map):
    choices = []
    for param in param_map:
        label = ORDERING_LABELS.get(param) or verbose_name(model_field(model, param)) or param.replace("_", " ")
        choices.append((param, capfirst(label)))
        choices.append((f"-{param}", format_lazy(_("{field} (descending)"), field=capfirst(label))))
    return choices


class LanguageMarkingSelect(forms.Select):
    """A select whose options named in English for want of a Russian name say so (lang="en", "(in English)")."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if isinstance(label, InEnglish):
            option["label"] = f"{label} ({gettext('in English')})"
            option["attrs"] = {**option["attrs"], "lang": "en"}
        return option


class NamedChoiceField(django_filters.fields.ModelChoiceField):
    """A select of rows named in the user's language (their localized name or title, marked when in English)."""

    widget = LanguageMarkingSelect

    def label_from_instance(self, obj):
        return getattr(obj, "localized_name", None) or getattr(obj, "localized_title", None) or str(obj)


class CodeChoiceField(NamedChoiceField):
    """A select of rows, named in the user's language, that also takes the row's code in any case (`?country=kz`)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        try:
            return self.queryset.get(**{f"{key}__iexact": str(value)})
        except (ValueError, TypeError, self.queryset.model.DoesNotExist, self.queryset.model.MultipleObjectsReturned):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None

    def label_from_instance(self, obj):
        name = getattr(obj, "localized_name", None) or getattr(obj, "localized_title", None) or str(obj)
        code = getattr(obj, "code", None)
        # An official acronym (SWG, CSO, CFM) helps; a slug (military-political-dimension) is no name for a reader.
        if code and code != name and type(obj).__name__ in self.coded and code.isupper() and "-" not in code:
            label = f"{code} – {name}"
            return InEnglish(label) if isinstance(name, InEnglish) else label
        return name

    coded = ("MeetingBody",)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter naming a related row by its code (`?dimension=economic`, `?body=SWG`): a select in the portal."""

    field_class = CodeChoiceField


def ordering_filter(*fields, default_help=None):
    """An `ordering` filter over `fields` (each also available descending with a leading '-')."""
    return django_filters.OrderingFilter(
        fields=[(f, f) for f in fields],
        help_text=default_help or _("Order by one or more fields; prefix with '-' for descending."),
    )


class YearFilter(django_filters.NumberFilter):
    """A year within the range of every record's dates: beyond it a field error, not a date overflow in the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)
