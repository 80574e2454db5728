from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import SecretariatOnly
from core.api.viewsets import ReadOnlyViewSet
from secretariat import reports

from .. import filters
from ..models import StatusSnapshot
from . import serializers


class StatusSnapshotViewSet(ReadOnlyViewSet):
    """Roll-ups computed nightly (and shortly after changes) in the database: the latest day unless asked."""

    queryset = StatusSnapshot.objects.all()
    serializer_class = serializers.StatusSnapshotSerializer
    filterset_class = filters.StatusSnapshotFilterSet


class StaffRollupView(APIView):
    """The Secretariat's staff serving today by sub-region of Asia, category, area and nationality (staff only)."""

    permission_classes = (SecretariatOnly,)

    @extend_schema(responses=serializers.StaffRollupSerializer, operation_id="rollups_staff")
    def get(self, request):
        return Response(serializers.StaffRollupSerializer(reports.staff_representation()).data)


class ContributionRollupView(APIView):
    """Contributions by year: assessed, paid, arrears, voluntary and Support Fund, in total and per member state
    (staff only)."""

    permission_classes = (SecretariatOnly,)

    @extend_schema(responses=serializers.ContributionRollupSerializer(many=True), operation_id="rollups_contributions")
    def get(self, request):
        return Response(serializers.ContributionRollupSerializer(reports.contributions_by_year(), many=True).data)
