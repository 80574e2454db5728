"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from chairmanship.models import Country
from core.filters import BaseFilterSet, CodeChoiceFilter, YearFilter, ordering_filter
from measures.models import Measure

from .choices import Language
from .models import Decision, Document, Meeting, MeetingBody

BODY_HELP = _("Meeting body code, e.g. SWG.")


def body_filter(field_name):
    return CodeChoiceFilter(
        field_name=field_name, to_field_name="code", queryset=MeetingBody.objects.all(), help_text=BODY_HELP
    )


def measure_filter():
    return CodeChoiceFilter(
        field_name="measure",
        to_field_name="code",
        queryset=Measure.objects.all(),
        help_text=_("Measure code."),
    )


def country_filter(field_name, help_text):
    return CodeChoiceFilter(
        field_name=field_name, to_field_name="iso2", queryset=Country.objects.all(), help_text=help_text
    )


class MeetingBodyFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "name_ru", "aliases")
    code = django_filters.CharFilter(lookup_expr="iexact")
    ordering = ordering_filter("level", "code", "name")

    class Meta:
        model = MeetingBody
        fields = ["code", "level"]


class MeetingFilterSet(BaseFilterSet):
    search_fields = ("venue", "outcome", "body__code", "body__name")
    body = body_filter("body")
    country = country_filter("host_country", _("ISO code of the host country."))
    start_after = django_filters.DateFilter(field_name="start_on", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_on", lookup_expr="lte")
    ordering = ordering_filter("start_on", "number", "updated")

    class Meta:
        model = Meeting
        fields = ["body", "country", "status"]


class DocumentFilterSet(BaseFilterSet):
    search_fields = ("symbol", "title", "language_versions__title")
    body = body_filter("meeting__body")
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.select_related("body"), label=_("Meeting"))
    year = YearFilter(
        field_name="issued_on", lookup_expr="year", label=_("Year of issue"), help_text=_("Year of issue.")
    )
    measure = measure_filter()
    language = django_filters.ChoiceFilter(
        field_name="language_versions__language", choices=Language.choices, distinct=True, label=_("Language")
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
    body = body_filter("meeting__body")
    measure = measure_filter()
    country = country_filter("responsible_country", _("ISO code of the responsible state."))
    deadline_after = django_filters.DateFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = django_filters.DateFilter(field_name="deadline", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Overdue"), help_text=_("Open and past the deadline.")
    )
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open"), help_text=_("Open or in progress."))
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
