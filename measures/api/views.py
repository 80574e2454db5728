from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core import permissions
from core.api.renderers import FileRenderer
from core.api.schema import download_responses
from core.api.viewsets import ModelViewSet, ReadOnlyViewSet, WorkflowViewSetMixin
from core.files import file_response

from .. import filters, services
from ..models import ActionPlan, Activity, Coordination, Dimension, ImplementationReport, Measure, ReportAttachment
from . import serializers


class DimensionViewSet(ReadOnlyViewSet):
    queryset = Dimension.objects.all()
    serializer_class = serializers.DimensionSerializer
    filterset_class = filters.DimensionFilterSet


class MeasureViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = Measure.objects.select_related("dimension")
    serializer_class = serializers.MeasureSerializer
    filterset_class = filters.MeasureFilterSet

    def get_queryset(self):
        return super().get_queryset().with_current_coordinators()


class CoordinationViewSet(ModelViewSet):
    queryset = Coordination.objects.select_related("measure", "country")
    serializer_class = serializers.CoordinationSerializer
    filterset_class = filters.CoordinationFilterSet


class ActionPlanViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = ActionPlan.objects.select_related("measure").prefetch_related("un_entities")
    serializer_class = serializers.ActionPlanSerializer
    filterset_class = filters.ActionPlanFilterSet


class ActivityViewSet(ModelViewSet):
    queryset = Activity.objects.select_related("action_plan__measure", "host_country")
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilterSet


class ImplementationReportViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = ImplementationReport.objects.select_related("measure", "country", "reviewed_by").prefetch_related(
        "attachments"
    )
    serializer_class = serializers.ImplementationReportSerializer
    filterset_class = filters.ImplementationReportFilterSet

    def permission_target(self, request):
        if self.action == "attachments" and request.method == "POST":
            return ReportAttachment, permissions.ADD
        return super().permission_target(request)

    @extend_schema(
        methods=["GET"],
        summary="List a report's attachments",
        responses=serializers.ReportAttachmentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Attach a file to a report (pdf, docx, xlsx, odt, png, jpg; size limited)",
        request={"multipart/form-data": serializers.ReportAttachmentSerializer},
        responses={201: serializers.ReportAttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
        pagination_class=None,
    )
    def attachments(self, request, pk=None):
        report = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(
                serializers.ReportAttachmentSerializer(report.attachments.all(), many=True, context=context).data
            )
        # The attachment rule (measures.permissions) is asked before the upload is validated or written, so a
        # refused upload leaves nothing in the file store; the written row is checked again by the service.
        if not permissions.may_add_under(request.user, ReportAttachment, report):
            raise PermissionDenied()
        serializer = serializers.ReportAttachmentSerializer(data=request.data, context={**context, "report": report})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attachment = services.attach(report, request.user, data["file"], data.get("title", ""))
        return Response(
            serializers.ReportAttachmentSerializer(attachment, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Download an attachment",
        responses=download_responses(),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_pk>[0-9]+)",
        url_name="attachment-download",
        renderer_classes=[FileRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def attachment_download(self, request, pk=None, attachment_pk=None):
        report = self.get_object()
        attachment = get_object_or_404(report.attachments, pk=attachment_pk)
        return file_response(attachment)
