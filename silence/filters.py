"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, ordering_filter
from secretariat.filters import body_filter, country_filter

from .models import SilenceProcedure, SilenceResponse


class SilenceProcedureFilterSet(BaseFilterSet):
    search_fields = ("decision__title", "decision__title_ru", "document__symbol", "document__title", "note")
    body = body_filter("body")
    state = country_filter("states", _("ISO code of a state concerned."))
    expires_after = django_filters.IsoDateTimeFilter(field_name="expires_at", lookup_expr="gte")
    expires_before = django_filters.IsoDateTimeFilter(field_name="expires_at", lookup_expr="lte")
    is_open = django_filters.BooleanFilter(
        method="filter_open", label=_("open"), help_text=_("Running and before its expiry (server clock).")
    )
    broken = django_filters.BooleanFilter(
        method="filter_broken", label=_("silence broken"), help_text=_("A state objected or proposed an amendment.")
    )
    ordering = ordering_filter("expires_at", "updated")

    class Meta:
        model = SilenceProcedure
        fields = ["body", "state", "status", "decision", "document"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        open_ = queryset.model.objects.open(timezone.now()).values("pk")
        return queryset.filter(pk__in=open_) if value else queryset.exclude(pk__in=open_)

    def filter_broken(self, queryset, name, value):
        if value is None:
            return queryset
        breaks = SilenceResponse.objects.breaking().filter(procedure=OuterRef("pk"))
        return queryset.filter(Exists(breaks)) if value else queryset.exclude(Exists(breaks))


class SilenceResponseFilterSet(BaseFilterSet):
    search_fields = ("text",)
    state = country_filter("country", _("ISO code of the answering state."))
    ordering = ordering_filter("responded_at", "updated")

    class Meta:
        model = SilenceResponse
        fields = ["procedure", "state", "kind"]
