"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import BaseFilterSet, ordering_filter
from secretariat.filters import body_filter, country_filter
from secretariat.models import AgendaItem, Meeting

from .models import Inscription, SpeakersList, Statement

STATE_HELP = _("ISO code of the state, e.g. KZ.")


class SpeakersListFilterSet(BaseFilterSet):
    search_fields = ("agenda_item__title", "agenda_item__title_ru")
    meeting = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting", queryset=Meeting.objects.select_related("body"), label=_("Meeting")
    )
    agenda_item = django_filters.ModelChoiceFilter(
        queryset=AgendaItem.objects.all(), label=pgettext_lazy("speakers", "Agenda item")
    )
    body = body_filter("agenda_item__meeting__body")
    ordering = ordering_filter("agenda_item__number", "updated")

    class Meta:
        model = SpeakersList
        fields = ["meeting", "agenda_item", "body", "status"]


class InscriptionFilterSet(BaseFilterSet):
    search_fields = ("speaker", "country__name", "country__name_ru")
    speakers_list = django_filters.ModelChoiceFilter(queryset=SpeakersList.objects.all(), label=_("List of speakers"))
    meeting = django_filters.ModelChoiceFilter(
        field_name="speakers_list__agenda_item__meeting",
        queryset=Meeting.objects.select_related("body"),
        label=_("Meeting"),
    )
    country = country_filter("country", STATE_HELP)
    ordering = ordering_filter("position", "created", "updated")

    class Meta:
        model = Inscription
        fields = ["speakers_list", "meeting", "country", "rank", "status"]


class StatementFilterSet(BaseFilterSet):
    search_fields = ("title", "country__name", "country__name_ru", "speakers_list__agenda_item__title")
    speakers_list = django_filters.ModelChoiceFilter(queryset=SpeakersList.objects.all(), label=_("List of speakers"))
    meeting = django_filters.ModelChoiceFilter(
        field_name="speakers_list__agenda_item__meeting",
        queryset=Meeting.objects.select_related("body"),
        label=_("Meeting"),
    )
    agenda_item = django_filters.ModelChoiceFilter(
        field_name="speakers_list__agenda_item",
        queryset=AgendaItem.objects.all(),
        label=pgettext_lazy("speakers", "Agenda item"),
    )
    country = country_filter("country", STATE_HELP)
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    ordering = ordering_filter("published_at", "created", "updated")

    class Meta:
        model = Statement
        fields = ["speakers_list", "meeting", "agenda_item", "country", "language", "status"]
