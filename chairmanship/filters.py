"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, CodeChoiceFilter, ordering_filter

from .models import Chairmanship, Country, Initiative, LegalInstrument, Priority, SustainableDevelopmentGoal


def country_filter(field_name, help_text):
    return CodeChoiceFilter(
        field_name=field_name, to_field_name="iso2", queryset=Country.objects.all(), help_text=help_text
    )


class CountryFilterSet(BaseFilterSet):
    search_fields = ("name", "name_ru", "iso2")
    iso2 = django_filters.CharFilter(lookup_expr="iexact", help_text=_("ISO 3166-1 alpha-2 code, e.g. KZ."))
    ordering = ordering_filter("name", "iso2", "joined_on", "updated")

    class Meta:
        model = Country
        fields = ["iso2", "cica_status", "subregion"]


class ChairmanshipFilterSet(BaseFilterSet):
    search_fields = ("theme", "theme_ru", "country__name")
    country = country_filter("country", _("ISO code."))
    start_after = django_filters.DateFilter(field_name="start_on", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_on", lookup_expr="lte")
    ordering = ordering_filter("start_on", "updated")

    class Meta:
        model = Chairmanship
        fields = ["country"]


class PriorityFilterSet(BaseFilterSet):
    search_fields = ("title", "title_ru", "description")
    country = country_filter("chairmanship__country", _("ISO code of the chair."))
    ordering = ordering_filter("number", "chairmanship__start_on", "updated")

    class Meta:
        model = Priority
        fields = ["chairmanship", "country"]


class InitiativeFilterSet(BaseFilterSet):
    search_fields = ("title", "title_ru", "description", "owner")
    country = country_filter("owner_country", _("ISO code of the owner country."))
    sdg = django_filters.NumberFilter(
        field_name="sdgs__number", distinct=True, label=_("SDG"), help_text=_("SDG number, 1-17.")
    )
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
