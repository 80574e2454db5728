"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, ordering_filter

from .models import Chairmanship, Country, Initiative, LegalInstrument, Priority, SustainableDevelopmentGoal


class CountryFilterSet(BaseFilterSet):
    search_fields = ("name", "name_ru", "iso2")
    iso2 = django_filters.CharFilter(lookup_expr="iexact", help_text=_("ISO 3166-1 alpha-2 code, e.g. KZ."))
    ordering = ordering_filter("name", "iso2", "joined_on", "updated")

    class Meta:
        model = Country
        fields = ["iso2", "cica_status", "subregion"]


class ChairmanshipFilterSet(BaseFilterSet):
    search_fields = ("theme", "theme_ru", "country__name")
    country = django_filters.CharFilter(field_name="country__iso2", lookup_expr="iexact", help_text=_("ISO code."))
    start_after = django_filters.DateFilter(field_name="start_on", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_on", lookup_expr="lte")
    ordering = ordering_filter("start_on", "updated")

    class Meta:
        model = Chairmanship
        fields = ["country"]


class PriorityFilterSet(BaseFilterSet):
    search_fields = ("title", "title_ru", "description")
    country = django_filters.CharFilter(
        field_name="chairmanship__country__iso2", lookup_expr="iexact", help_text=_("ISO code of the chair.")
    )
    ordering = ordering_filter("number", "chairmanship__start_on", "updated")

    class Meta:
        model = Priority
        fields = ["chairmanship", "country"]


class InitiativeFilterSet(BaseFilterSet):
    search_fields = ("title", "title_ru", "description", "owner")
    country = django_filters.CharFilter(
        field_name="owner_country__iso2", lookup_expr="iexact", help_text=_("ISO code of the owner country.")
    )
    sdg = django_filters.NumberFilter(field_name="sdgs__number", distinct=True, help_text=_("SDG number, 1-17."))
    target_before = django_filters.DateFilter(field_name="target_date", lookup_expr="lte")
    target_after = django_filters.DateFilter(field_name="target_date", lookup_expr="gte")
    ordering = ordering_filter("title", "target_date", "progress", "updated")

    class Meta:
        model = Initiative
        fields = ["priority", "status", "country", "sdg"]


class SustainableDevelopmentGoalFilterSet(BaseFilterSet):
    search_fields = ("title", "title_ru")
    ordering = ordering_filter("number")

    class Meta:
        model = SustainableDevelopmentGoal
        fields = ["number"]


class LegalInstrumentFilterSet(BaseFilterSet):
    search_fields = ("title", "title_ru", "description")
    adopted_after = django_filters.DateFilter(field_name="adopted_on", lookup_expr="gte")
    adopted_before = django_filters.DateFilter(field_name="adopted_on", lookup_expr="lte")
    ordering = ordering_filter("title", "adopted_on", "updated")

    class Meta:
        model = LegalInstrument
        fields = ["kind"]
