from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chairmanship.models import Country
from core.api.links import pdf_links_field
from core.api.serializers import ModelSerializer, slug, withheld
from core.permissions import is_staff
from core.uploads import validate_upload
from relations.models import PartnerOrganization

from ..models import ActionPlan, Activity, Coordination, Dimension, ImplementationReport, Measure, ReportAttachment


class DimensionSerializer(ModelSerializer):
    printouts = pdf_links_field({"status": "dimension-status-pdf"}, name="DimensionPrintouts")

    class Meta:
        model = Dimension
        fields = ("id", "code", "name", "name_ru", "order", "description", "printouts")


class CurrentCoordinations(serializers.ListSerializer):
    """A measure's coordinations in force today: prefetched by the measures' queryset (with_current_coordinators),
    or read now for a measure that was not (e.g. one just created or moved by a workflow step)."""

    def get_attribute(self, measure):
        if not hasattr(measure, "current_coordinations"):
            measure.current_coordinations = (
                Measure.objects.with_current_coordinators().get(pk=measure.pk).current_coordinations
            )
        return measure.current_coordinations


class CoordinatorSerializer(ModelSerializer):
    """A state (co-)coordinating the measure today."""

    country = serializers.CharField(source="country.iso2", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)

    with_timestamps = False

    class Meta:
        model = Coordination
        fields = ("country", "country_name", "role", "start_on", "end_on")
        read_only_fields = fields
        list_serializer_class = CurrentCoordinations


class MeasureSerializer(ModelSerializer):
    """A measure of the Catalogue with the states coordinating it today; its status moves through its workflow."""

    dimension = slug("code", Dimension.objects.all(), help_text="Dimension code.")
    # One nested serializer for the whole list (a serializer built per measure cost most of a list's time).
    coordinators = CoordinatorSerializer(
        source="current_coordinations",
        many=True,
        read_only=True,
        help_text="The states coordinating the measure today.",
    )
    printouts = pdf_links_field({"status": "measure-status-pdf"}, name="MeasurePrintouts")

    class Meta:
        model = Measure
        fields = (
            "id",
            "code",
            "dimension",
            "title",
            "title_ru",
            "description",
            "description_ru",
            "status",
            "proposed_on",
            "adopted_on",
            "coordinators",
            "printouts",
        )


class CoordinationSerializer(ModelSerializer):
    measure = slug("code", Measure.objects.all(), help_text="Measure code.")
    country = slug("iso2", Country.objects.all(), help_text="ISO code of the member state.")

    class Meta:
        model = Coordination
        fields = ("id", "measure", "country", "role", "start_on", "end_on", "note")


class ActionPlanSerializer(ModelSerializer):
    """An action plan or concept paper of a measure, versioned; approval goes through the workflow."""

    measure = slug("code", Measure.objects.all(), help_text="Measure code.")
    un_entities = slug("acronym", PartnerOrganization.objects.all(), many=True, required=False)

    class Meta:
        model = ActionPlan
        fields = (
            "id",
            "measure",
            "kind",
            "version",
            "title",
            "period_start",
            "period_end",
            "approved_on",
            "status",
            "un_entities",
        )


class ActivitySerializer(ModelSerializer):
    measure = serializers.CharField(source="action_plan.measure.code", read_only=True, help_text="Measure code.")
    host_country = slug("iso2", Country.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Activity
        fields = ("id", "action_plan", "measure", *Activity.EDITABLE_FIELDS)


class ReportAttachmentSerializer(ModelSerializer):
    file = serializers.FileField(write_only=True, validators=[validate_upload])
    download_url = serializers.SerializerMethodField()
    filename = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = ("id", "title", "file", "filename", "download_url")

    def validate(self, attrs):
        attrs["report"] = self.context["report"]
        return super().validate(attrs)

    def get_filename(self, attachment) -> str:
        return attachment.download_name

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment):
        url = reverse("api:report-attachment-download", args=[attachment.report_id, attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


@extend_schema_field({"type": "string", "nullable": True})
class Username(serializers.CharField):
    """A user's sign-in name (read only; the schema as that of the method field it replaced)."""


class ImplementationReportSerializer(ModelSerializer):
    """A report; coordinators move it from draft (or returned) to submitted, the Secretariat accepts or returns it."""

    measure = slug("code", Measure.objects.all(), help_text="Measure code.")
    country = slug("iso2", Country.objects.all(), help_text="ISO code of the reporting (coordinating) state.")
    # Staff usernames are sign-in names: partners and coordinators learn who reviewed nothing more than "the
    # Secretariat" (get_fields withholds it from them).
    reviewed_by = Username(
        source="reviewed_by.username",
        read_only=True,
        allow_null=True,
        help_text="Username of the Secretariat officer who reviewed the report: shown to Secretariat staff only.",
    )
    is_overdue = serializers.BooleanField(read_only=True)
    attachments = ReportAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ImplementationReport
        fields = (
            "id",
            "measure",
            "country",
            "period_start",
            "period_end",
            "due_on",
            "narrative",
            "progress",
            "status",
            "submitted_at",
            "reviewed_at",
            "reviewed_by",
            "feedback",
            "is_overdue",
            "attachments",
        )
        read_only_fields = ("submitted_at", "reviewed_at")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not is_staff(request.user):
            fields["reviewed_by"] = withheld(fields["reviewed_by"])
        if request is not None and not is_staff(request.user):
            for name in ("feedback", "due_on"):
                fields[name].read_only = True
        return fields
