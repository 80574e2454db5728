"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, ordering_filter

from .choices import Language
from .models import Decision, Document, Meeting, MeetingBody

BODY_HELP = _("Meeting body code, e.g. SWG.")


class MeetingBodyFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "name_ru", "aliases")
    code = django_filters.CharFilter(lookup_expr="iexact")
    ordering = ordering_filter("level", "code", "name")

    class Meta:
        model = MeetingBody
        fields = ["code", "level"]


class MeetingFilterSet(BaseFilterSet):
    search_fields = ("venue", "outcome", "body__code", "body__name")
    body = django_filters.CharFilter(field_name="body__code", lookup_expr="iexact", help_text=BODY_HELP)
    country = django_filters.CharFilter(
        field_name="host_country__iso2", lookup_expr="iexact", help_text=_("ISO code of the host country.")
    )
    start_after = django_filters.DateFilter(field_name="start_on", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_on", lookup_expr="lte")
    ordering = ordering_filter("start_on", "number", "updated")

    class Meta:
        model = Meeting
        fields = ["body", "country", "status"]


class DocumentFilterSet(BaseFilterSet):
    search_fields = ("symbol", "title", "language_versions__title")
    body = django_filters.CharFilter(field_name="meeting__body__code", lookup_expr="iexact", help_text=BODY_HELP)
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.select_related("body"), label=_("Meeting"))
    year = django_filters.NumberFilter(
        field_name="issued_on", lookup_expr="year", min_value=1, max_value=9999, help_text=_("Year of issue.")
    )
    measure = django_filters.CharFilter(field_name="measure__code", help_text=_("Measure code."))
    language = django_filters.ChoiceFilter(
        field_name="language_versions__language", choices=Language.choices, distinct=True
    )
    issued_after = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte")
    issued_before = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte")
    ordering = ordering_filter("issued_on", "symbol", "title", "updated")

    class Meta:
        model = Document
        fields = [
            "symbol",
            "kind",
            "distribution",
            "meeting",
            "body",
            "year",
            "measure",
            "agreement",
            "instrument",
            "language",
        ]


class DecisionFilterSet(BaseFilterSet):
    search_fields = ("title", "text")
    body = django_filters.CharFilter(field_name="meeting__body__code", lookup_expr="iexact", help_text=BODY_HELP)
    measure = django_filters.CharFilter(field_name="measure__code", help_text=_("Measure code."))
    country = django_filters.CharFilter(
        field_name="responsible_country__iso2", lookup_expr="iexact", help_text=_("ISO code of the responsible state.")
    )
    deadline_after = django_filters.DateFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = django_filters.DateFilter(field_name="deadline", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue", help_text=_("Open and past the deadline."))
    open = django_filters.BooleanFilter(method="filter_open", help_text=_("Open or in progress."))
    ordering = ordering_filter("deadline", "number", "meeting__start_on", "progress", "updated")

    class Meta:
        model = Decision
        fields = ["meeting", "body", "measure", "country", "status", "responsible_party", "overdue", "open"]

    def filter_overdue(self, queryset, name, value):
        overdue = Decision.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_open(self, queryset, name, value):
        open_ = Decision.objects.open().values("pk")
        return queryset.filter(pk__in=open_) if value else queryset.exclude(pk__in=open_)
