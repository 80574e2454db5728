"""One FilterSet per model, shared by the API and the portal's list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, CodeChoiceFilter, ordering_filter

from .models import Agreement, JointActivity, PartnerOrganization

PARTNER_HELP = _("Partner acronym, e.g. UNODC.")


def partner_filter(field_name):
    return CodeChoiceFilter(
        field_name=field_name,
        to_field_name="acronym",
        queryset=PartnerOrganization.objects.all(),
        help_text=PARTNER_HELP,
    )


class PartnerOrganizationFilterSet(BaseFilterSet):
    search_fields = ("acronym", "name", "name_ru", "note")
    acronym = django_filters.CharFilter(lookup_expr="iexact")
    observer_after = django_filters.DateFilter(field_name="observer_since", lookup_expr="gte")
    ordering = ordering_filter("acronym", "name", "observer_since", "updated")

    class Meta:
        model = PartnerOrganization
        fields = ["acronym", "kind", "is_observer"]


class AgreementFilterSet(BaseFilterSet):
    search_fields = ("title", "note", "signed_at", "partner__acronym", "partner__name")
    partner = partner_filter("partner")
    signed_after = django_filters.DateFilter(field_name="signed_on", lookup_expr="gte")
    signed_before = django_filters.DateFilter(field_name="signed_on", lookup_expr="lte")
    expires_before = django_filters.DateFilter(field_name="expires_on", lookup_expr="lte")
    ordering = ordering_filter("signed_on", "expires_on", "renewal_on", "title", "updated")

    class Meta:
        model = Agreement
        fields = ["partner", "kind", "status"]


class JointActivityFilterSet(BaseFilterSet):
    search_fields = ("title", "location", "description")
    partner = partner_filter("agreement__partner")
    start_after = django_filters.DateFilter(field_name="start_on", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_on", lookup_expr="lte")
    ordering = ordering_filter("start_on", "end_on", "title", "progress", "updated")

    class Meta:
        model = JointActivity
        fields = ["agreement", "partner", "status"]
