"""Portal pages of external relations: partner organizations and their agreements."""

from django.db.models import Count, Prefetch

from core.views.generic import ObjectDetailView, ObjectListView

from .filters import PartnerOrganizationFilterSet
from .models import Agreement, PartnerOrganization


class PartnerListView(ObjectListView):
    model = PartnerOrganization
    filterset_class = PartnerOrganizationFilterSet
    table_template = "relations/includes/partner_table.html"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(agreement_count=Count("agreements"))


class PartnerDetailView(ObjectDetailView):
    model = PartnerOrganization
    template_name = "relations/partner_detail.html"
    prefetch = (Prefetch("agreements", queryset=Agreement.objects.prefetch_related("joint_activities")),)
