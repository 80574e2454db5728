"""The one FilterSet of the search, used by the portal's search page and the API alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, YearFilter
from secretariat.choices import Language

from .models import SearchEntry
from .sources import kind_choices


class SearchEntryFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(
        method="search",
        required=True,
        label=_("Search for"),
        help_text=_('Words to find, in English or Russian. "A quoted phrase" matches as written; -word excludes.'),
    )
    type = django_filters.ChoiceFilter(
        field_name="kind", choices=kind_choices(), label=_("Type"), help_text=_("Only records of this kind.")
    )
    body = django_filters.CharFilter(
        field_name="body", lookup_expr="iexact", label=_("Meeting body"), help_text=_("Meeting body code, e.g. SWG.")
    )
    year = YearFilter(field_name="year", label=_("Year"))
    country = django_filters.CharFilter(
        method="filter_country", label=_("Country"), help_text=_("ISO code of a country concerned, e.g. KZ.")
    )
    language = django_filters.ChoiceFilter(
        field_name="language", choices=Language.choices, label=_("Language"), help_text=_("The language that matched.")
    )
    updated_since = None  # the index's own timestamps mean nothing to a reader

    class Meta:
        model = SearchEntry
        fields = ["q", "type", "body", "year", "country", "language"]

    def search(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset: the other filters choose among all matches

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return queryset.search(self.form.cleaned_data.get("q"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries__contains=f" {value.strip().upper()} ")
