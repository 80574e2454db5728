from rest_framework import serializers

from core.api.serializers import ModelSerializer, slug

from ..models import Agreement, JointActivity, PartnerOrganization


class PartnerOrganizationSerializer(ModelSerializer):
    class Meta:
        model = PartnerOrganization
        fields = (
            "id",
            "acronym",
            "name",
            "name_ru",
            "kind",
            "is_observer",
            "observer_since",
            "website",
            "note",
        )


class AgreementSerializer(ModelSerializer):
    partner = slug("acronym", PartnerOrganization.objects.all(), help_text="Partner acronym.")
    days_to_expiry = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Agreement
        fields = (
            "id",
            "partner",
            "kind",
            "title",
            "signed_on",
            "signed_at",
            "entry_into_force_on",
            "expires_on",
            "renewal_on",
            "days_to_expiry",
            "status",
            "note",
        )


class JointActivitySerializer(ModelSerializer):
    partner = serializers.CharField(source="agreement.partner.acronym", read_only=True, help_text="Partner acronym.")

    class Meta:
        model = JointActivity
        fields = (
            "id",
            "agreement",
            "partner",
            "title",
            "start_on",
            "end_on",
            "location",
            "status",
            "progress",
            "description",
        )
