from core.api.serializers import ModelSerializer

from ..models import StatusSnapshot


class StatusSnapshotSerializer(ModelSerializer):
    """Implementation status of one measure, dimension, priority, meeting body or country on one day."""

    class Meta:
        model = StatusSnapshot
        fields = ("id", "date", "scope", "object_id", "label", "progress", "values", "computed_at")
