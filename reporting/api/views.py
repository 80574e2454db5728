from core.api.viewsets import ReadOnlyViewSet

from .. import filters
from ..models import StatusSnapshot
from . import serializers


class StatusSnapshotViewSet(ReadOnlyViewSet):
    """Roll-ups computed nightly (and shortly after changes) in the database: the latest day unless asked."""

    queryset = StatusSnapshot.objects.all()
    serializer_class = serializers.StatusSnapshotSerializer
    filterset_class = filters.StatusSnapshotFilterSet
