from rest_framework import serializers

from core.api.serializers import ModelSerializer

from ..models import StatusSnapshot


class FiguresField(serializers.JSONField):
    """A snapshot's figures as the caller may see them: rows hidden from the caller are not counted
    (StatusSnapshot.figures_for); without a request, as for a reader who sees only published rows."""

    def get_attribute(self, instance):
        request = self.context.get("request")
        return instance.figures_for(getattr(request, "user", None))


class StatusSnapshotSerializer(ModelSerializer):
    """Implementation status of one measure, dimension, priority, meeting body or country on one day."""

    values = FiguresField(
        read_only=True,
        help_text="The counts behind `progress`, by scope; each counts only the rows the caller may read "
        "(a partner system's `reports_overdue` is 0: open reports are not published).",
    )

    class Meta:
        model = StatusSnapshot
        fields = ("id", "date", "scope", "object_id", "label", "progress", "values", "computed_at")


class StaffCountSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The sub-region, category or area code, or the country's ISO code.")
    label = serializers.CharField()
    staff = serializers.IntegerField()


class StaffRollupSerializer(serializers.Serializer):
    """The Secretariat's serving staff counted four ways (Concept 2.5); every sub-region of Asia is listed."""

    subregion = StaffCountSerializer(many=True)
    category = StaffCountSerializer(many=True)
    area = StaffCountSerializer(many=True)
    nationality = StaffCountSerializer(many=True)


class MoneySerializer(serializers.Serializer):
    assessed = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Assessed contributions (USD).")
    paid = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Paid of the assessed (USD).")
    arrears = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Assessed, not paid (USD).")
    voluntary = serializers.DecimalField(max_digits=16, decimal_places=2)
    support_fund = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Paid into the Support Fund.")


class StateContributionSerializer(MoneySerializer):
    country = serializers.CharField(help_text="ISO code of the member state.")
    country_name = serializers.CharField()


class ContributionRollupSerializer(MoneySerializer):
    """One year's contributions: the totals, and the same sums per member state."""

    year = serializers.IntegerField()
    states = StateContributionSerializer(many=True)
