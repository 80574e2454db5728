from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.links import pdf_links_field
from core.api.serializers import ModelSerializer, slug

from ..models import Chairmanship, Country, Initiative, LegalInstrument, Priority, SustainableDevelopmentGoal


class CountrySerializer(ModelSerializer):
    class Meta:
        model = Country
        fields = (
            "id",
            "iso2",
            "name",
            "name_ru",
            "cica_status",
            "subregion",
            "joined_on",
            "joined_precision",
            "note",
        )


class TroikaMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    country = serializers.CharField(help_text="ISO code of the chair.")


class TroikaSerializer(serializers.Serializer):
    previous = TroikaMemberSerializer(allow_null=True)
    current = TroikaMemberSerializer()
    next = TroikaMemberSerializer(allow_null=True)


class ChairmanshipSerializer(ModelSerializer):
    country = slug("iso2", Country.objects.all(), help_text="ISO code of the chair.")
    period_display = serializers.CharField(read_only=True)
    troika = serializers.SerializerMethodField(help_text="The previous, current and next chairs around this term.")
    printouts = pdf_links_field({"priorities": "chairmanship-priorities-pdf"}, name="ChairmanshipPrintouts")

    class Meta:
        model = Chairmanship
        fields = (
            "id",
            "country",
            "start_on",
            "start_precision",
            "end_on",
            "end_precision",
            "period_display",
            "theme",
            "theme_ru",
            "concept_text",
            "note",
            "troika",
            "printouts",
        )

    @extend_schema_field(TroikaSerializer)
    def get_troika(self, chairmanship):
        def member(pk, iso2):
            return {"id": pk, "country": iso2} if pk else None

        if hasattr(chairmanship, "previous_id"):  # annotated by the viewset: no query per row
            previous = member(chairmanship.previous_id, chairmanship.previous_country)
            following = member(chairmanship.next_id, chairmanship.next_country)
        else:
            troika = chairmanship.troika
            previous = troika["previous"] and member(troika["previous"].pk, troika["previous"].country.iso2)
            following = troika["next"] and member(troika["next"].pk, troika["next"].country.iso2)
        return {"previous": previous, "current": member(chairmanship.pk, chairmanship.country.iso2), "next": following}


class PrioritySerializer(ModelSerializer):
    class Meta:
        model = Priority
        fields = ("id", "chairmanship", "number", "title", "title_ru", "description", "description_ru")


class InitiativeSerializer(ModelSerializer):
    owner_country = slug("iso2", Country.objects.all(), required=False, allow_null=True)
    sdgs = slug("number", SustainableDevelopmentGoal.objects.all(), many=True, required=False)

    class Meta:
        model = Initiative
        fields = (
            "id",
            "priority",
            "title",
            "title_ru",
            "description",
            "description_ru",
            "owner",
            "owner_ru",
            "owner_country",
            "status",
            "target_date",
            "progress",
            "sdgs",
        )


class SustainableDevelopmentGoalSerializer(ModelSerializer):
    class Meta:
        model = SustainableDevelopmentGoal
        fields = ("id", "number", "title", "title_ru")


class LegalInstrumentSerializer(ModelSerializer):
    class Meta:
        model = LegalInstrument
        fields = ("id", "title", "title_ru", "kind", "adopted_on", "adopted_at", "description")
