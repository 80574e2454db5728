"""One FilterSet per model, for the API (staff only)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, ordering_filter

from .models import WebhookSubscription


class WebhookSubscriptionFilterSet(BaseFilterSet):
    search_fields = ("name", "url", "owner__username")
    owner = django_filters.CharFilter(
        field_name="owner__username", lookup_expr="iexact", help_text=_("The owner's username.")
    )
    event = django_filters.CharFilter(method="filter_event", help_text=_("Subscriptions receiving this event type."))
    failing = django_filters.BooleanFilter(method="filter_failing", help_text=_("Disabled after failed attempts."))
    ordering = ordering_filter("name", "created", "updated")

    class Meta:
        model = WebhookSubscription
        fields = ["is_active"]

    def filter_event(self, queryset, name, value):
        wanting = [row.pk for row in queryset if value in row.events]
        return queryset.filter(pk__in=wanting)

    def filter_failing(self, queryset, name, value):
        failing = queryset.failing()
        return failing if value else queryset.exclude(pk__in=failing.values("pk"))
