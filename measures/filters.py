"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from chairmanship.models import Country
from core.filters import BaseFilterSet, CodeChoiceFilter, ordering_filter

from .models import ActionPlan, Activity, Coordination, Dimension, ImplementationReport, Measure

DIMENSION_HELP = _("Dimension code, e.g. economic.")
MEASURE_HELP = _("Measure code.")
COUNTRY_HELP = _("ISO 3166-1 alpha-2 code, e.g. KZ.")


def dimension_filter(field_name):
    return CodeChoiceFilter(
        field_name=field_name, to_field_name="code", queryset=Dimension.objects.all(), help_text=DIMENSION_HELP
    )


def measure_filter(field_name):
    return CodeChoiceFilter(
        field_name=field_name, to_field_name="code", queryset=Measure.objects.all(), help_text=MEASURE_HELP
    )


def country_filter(field_name, help_text=COUNTRY_HELP, **kwargs):
    return CodeChoiceFilter(
        field_name=field_name, to_field_name="iso2", queryset=Country.objects.all(), help_text=help_text, **kwargs
    )


class DimensionFilterSet(BaseFilterSet):
    search_fields = ("name", "name_ru", "code", "description")
    ordering = ordering_filter("order", "name", "code")

    class Meta:
        model = Dimension
        fields = ["code"]


class MeasureFilterSet(BaseFilterSet):
    search_fields = ("code", "title", "title_ru", "description")
    dimension = dimension_filter("dimension")
    country = country_filter(
        "country", _("Coordinated today by this country."), method="coordinated_by", label=_("Coordinating state")
    )
    adopted_after = django_filters.DateFilter(field_name="adopted_on", lookup_expr="gte")
    adopted_before = django_filters.DateFilter(field_name="adopted_on", lookup_expr="lte")
    ordering = ordering_filter("code", "title", "adopted_on", "dimension__order", "updated")

    class Meta:
        model = Measure
        fields = ["dimension", "status", "country"]

    def coordinated_by(self, queryset, name, value: str):  # the ISO code in the query (a Country once parsed)
        return queryset.filter(pk__in=Measure.objects.coordinated_by(value))


class CoordinationFilterSet(BaseFilterSet):
    search_fields = ("measure__title", "country__name", "note")
    measure = measure_filter("measure")
    dimension = dimension_filter("measure__dimension")
    country = country_filter("country")
    active = django_filters.BooleanFilter(
        method="filter_active", label=_("In force today"), help_text=_("In force today (true) or not.")
    )
    ordering = ordering_filter("start_on", "end_on", "role", "updated")

    class Meta:
        model = Coordination
        fields = ["measure", "dimension", "country", "role", "active"]

    def filter_active(self, queryset, name, value):
        active = Coordination.objects.active().values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


class ActionPlanFilterSet(BaseFilterSet):
    search_fields = ("title", "measure__title")
    measure = measure_filter("measure")
    dimension = dimension_filter("measure__dimension")
    period_after = django_filters.DateFilter(field_name="period_end", lookup_expr="gte")
    period_before = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")
    ordering = ordering_filter("period_start", "period_end", "version", "updated")

    class Meta:
        model = ActionPlan
        fields = ["measure", "dimension", "kind", "status"]


class ActivityFilterSet(BaseFilterSet):
    search_fields = ("title", "venue", "description")
    measure = measure_filter("action_plan__measure")
    dimension = dimension_filter("action_plan__measure__dimension")
    country = country_filter("host_country", _("ISO code of the host country."))
    start_after = django_filters.DateFilter(field_name="start_on", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_on", lookup_expr="lte")
    ordering = ordering_filter("start_on", "end_on", "title", "progress", "updated")

    class Meta:
        model = Activity
        fields = ["action_plan", "measure", "dimension", "country", "status", "kind"]


class ImplementationReportFilterSet(BaseFilterSet):
    search_fields = ("narrative", "measure__title", "measure__code")
    measure = measure_filter("measure")
    dimension = dimension_filter("measure__dimension")
    country = country_filter("country")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    period_after = django_filters.DateFilter(field_name="period_end", lookup_expr="gte")
    period_before = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Overdue"), help_text=_("Past due and not yet submitted.")
    )
    ordering = ordering_filter("period_start", "period_end", "due_on", "progress", "submitted_at", "updated")

    class Meta:
        model = ImplementationReport
        fields = ["measure", "dimension", "country", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = ImplementationReport.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)
