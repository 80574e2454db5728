"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, ordering_filter
from measures.filters import country_filter
from secretariat.filters import body_filter
from secretariat.models import Meeting

from .models import Delegation, Participant, Registration


class RegistrationFilterSet(BaseFilterSet):
    search_fields = ("meeting__body__code", "meeting__venue")
    body = body_filter("meeting__body")
    open = django_filters.BooleanFilter(method="filter_open", label=_("Nominations open"))
    ordering = ordering_filter("deadline", "updated")

    class Meta:
        model = Registration
        fields = ["body", "open"]

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset.exclude(pk__in=Registration.objects.open().values("pk"))


class DelegationFilterSet(BaseFilterSet):
    search_fields = ("country__name", "country__name_ru", "partner__acronym", "partner__name")
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.select_related("body"), label=_("Meeting"))
    body = body_filter("meeting__body")
    country = country_filter("country", _("ISO code of the delegation's state."))
    partner = django_filters.CharFilter(
        field_name="partner__acronym", lookup_expr="iexact", help_text=_("Acronym of the partner organization.")
    )
    ordering = ordering_filter("meeting__start_on", "country__name", "status", "updated")

    class Meta:
        model = Delegation
        fields = ["meeting", "body", "country", "partner", "status"]


class ParticipantFilterSet(BaseFilterSet):
    search_fields = ("name", "name_cyrillic", "function")
    delegation = django_filters.NumberFilter(field_name="delegation_id", help_text=_("Id of the delegation."))
    meeting = django_filters.NumberFilter(field_name="delegation__meeting_id", help_text=_("Id of the meeting."))
    country = country_filter("delegation__country", _("ISO code of the delegation's state."))
    ordering = ordering_filter("name", "updated")

    class Meta:
        model = Participant
        fields = ["delegation", "meeting", "country", "is_head"]
