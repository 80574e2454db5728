"""One FilterSet per model, shared by the API and the portal."""

import django_filters
from django.utils.translation import gettext_lazy as _

from chairmanship.models import Country
from core.filters import BaseFilterSet, ordering_filter

from .choices import Scope
from .models import StatusSnapshot


class StatusSnapshotFilterSet(BaseFilterSet):
    """Without `date`, `since` or `until`, the latest snapshot of each scope is answered."""

    search_fields = ("label",)
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="computed_at",
        method="filter_updated_since",
        help_text=_("Only snapshots computed at or after this ISO 8601 date-time."),
    )
    date = django_filters.DateFilter(help_text=_("The snapshots of one day."))
    since = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text=_("Snapshots from this day on."))
    until = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text=_("Snapshots up to this day."))
    country = django_filters.CharFilter(
        method="filter_country",
        help_text=_("The roll-ups of one member state, by its ISO 3166 code (e.g. KZ): the country scope."),
    )
    ordering = ordering_filter("date", "label", "progress")

    class Meta:
        model = StatusSnapshot
        fields = ["scope", "object_id"]

    def filter_country(self, queryset, name, value):
        countries = Country.objects.filter(iso2__iexact=value.strip()).values("pk")
        return queryset.filter(scope=Scope.COUNTRY, object_id__in=countries)

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        if any(data.get(name) for name in ("date", "since", "until")):
            return queryset
        return queryset.latest_each_scope()
