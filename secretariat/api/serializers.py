from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chairmanship.models import Country
from core.api.links import pdf_links_field
from core.api.serializers import ModelSerializer, slug
from measures.models import Measure

from ..choices import NEW_REVISION_KINDS
from ..models import AgendaItem, Decision, Document, DocumentLanguageVersion, Meeting, MeetingBody
from ..permissions import decision_fields_for


class MeetingBodySerializer(ModelSerializer):
    reports_to = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = MeetingBody
        fields = ("id", "code", "name", "name_ru", "aliases", "cycle", "level", "reports_to")


class AgendaItemSerializer(ModelSerializer):
    with_timestamps = False

    class Meta:
        model = AgendaItem
        fields = ("id", "number", "title", "description", "status", "carried_from")


class MeetingSerializer(ModelSerializer):
    body = slug("code", MeetingBody.objects.all(), help_text="Meeting body code, e.g. SWG.")
    host_country = slug("iso2", Country.objects.all(), required=False, allow_null=True)
    delegations = serializers.SerializerMethodField(
        help_text="The participating delegations: ISO codes of the states whose delegations are accredited "
        "(registered and accredited through /api/v1/delegations/)."
    )
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    printouts = pdf_links_field(
        {
            "agenda": "meeting-agenda-pdf",
            "decisions": "meeting-decisions-pdf",
            "participants": "meeting-participants-pdf",  # 404 until the list of participants is issued
        },
        name="MeetingPrintouts",
    )

    class Meta:
        model = Meeting
        fields = (
            "id",
            "body",
            "number",
            "start_on",
            "end_on",
            "venue",
            "host_country",
            "status",
            "document_deadline",
            "delegations",
            "outcome",
            "agenda",
            "printouts",
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_delegations(self, meeting):
        return [country.iso2 for country in meeting.participating_countries()]


class LanguageVersionSerializer(ModelSerializer):
    download_url = serializers.SerializerMethodField()

    with_timestamps = False

    class Meta:
        model = DocumentLanguageVersion
        fields = ("language", "title", "download_url")

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, version):
        url = reverse("api:document-download", args=[version.document_id, version.language])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class RevisionSerializer(ModelSerializer):
    """Another document of the same family: the original, a revision, corrigendum or addendum."""

    with_timestamps = False

    class Meta:
        model = Document
        fields = ("id", "symbol", "revision_kind", "revision_number", "status", "issued_on")


class DocumentSerializer(ModelSerializer):
    """An official document with its language versions. A revision (…/Rev.n), corrigendum (…/Corr.n) or addendum
    (…/Add.n) is a document of its own whose `original` is the first text; `status` says whether it is current."""

    symbol = serializers.CharField(
        max_length=80, required=False, allow_blank=True, help_text="Left empty, the symbol is given by the rule."
    )
    measure = slug("code", Measure.objects.all(), required=False, allow_null=True, help_text="Measure code.")
    language_versions = LanguageVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = (
            "id",
            "symbol",
            "title",
            "title_ru",
            "kind",
            "distribution",
            "status",
            "original",
            "revision_kind",
            "revision_number",
            "issued_on",
            "meeting",
            "measure",
            "agreement",
            "instrument",
            "language_versions",
        )
        read_only_fields = ("original", "revision_kind", "revision_number")


class DocumentDetailSerializer(DocumentSerializer):
    family = RevisionSerializer(
        many=True,
        read_only=True,
        help_text="The original and all its revisions, corrigenda and addenda, in the order they were issued.",
    )

    class Meta(DocumentSerializer.Meta):
        fields = (*DocumentSerializer.Meta.fields, "family")


class RevisionRequestSerializer(serializers.Serializer):
    revision_kind = serializers.ChoiceField(
        choices=NEW_REVISION_KINDS,
        help_text="revision (supersedes the current text), corrigendum or addendum.",
    )
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    title_ru = serializers.CharField(max_length=300, required=False, allow_blank=True)


class DecisionSerializer(ModelSerializer):
    """A decision. Staff write every field; a coordinator only the progress and status of a decision assigned to
    their country."""

    body = serializers.CharField(source="meeting.body.code", read_only=True, help_text="Code of the deciding body.")
    responsible_country = slug("iso2", Country.objects.all(), required=False, allow_null=True)
    measure = slug("code", Measure.objects.all(), required=False, allow_null=True, help_text="Measure code.")
    is_overdue = serializers.BooleanField(read_only=True)
    referred_to = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = (
            "id",
            "meeting",
            "body",
            "agenda_item",
            "number",
            "title",
            "title_ru",
            "text",
            "text_ru",
            "responsible_party",
            "responsible_country",
            "measure",
            "deadline",
            "status",
            "progress",
            "is_overdue",
            "referred_from",
            "referred_to",
        )

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        writable = decision_fields_for(request.user) if request is not None else None
        if writable is not None:
            for name, field in fields.items():
                if name not in writable:
                    field.read_only = True
        return fields


class DecisionDetailSerializer(DecisionSerializer):
    lineage = serializers.SerializerMethodField(
        help_text="Ids of the decisions this one was referred from, from the lowest body up to this one."
    )

    class Meta(DecisionSerializer.Meta):
        fields = (*DecisionSerializer.Meta.fields, "lineage")

    def get_lineage(self, decision) -> list[int]:
        return [d.pk for d in decision.lineage()]


class ReferralSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Id of the higher body's meeting; left out, the next meeting of the next body up the cycle.",
    )
