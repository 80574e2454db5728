from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action

from core.api.renderers import FileRenderer
from core.api.viewsets import ModelViewSet, ReadOnlyViewSet
from core.files import file_response

from .. import filters
from ..choices import Language
from ..models import Decision, Document, Meeting, MeetingBody
from . import serializers


class MeetingBodyViewSet(ReadOnlyViewSet):
    queryset = MeetingBody.objects.select_related("reports_to")
    serializer_class = serializers.MeetingBodySerializer
    filterset_class = filters.MeetingBodyFilterSet


class MeetingViewSet(ModelViewSet):
    queryset = Meeting.objects.select_related("body", "host_country").prefetch_related("delegations", "agenda_items")
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilterSet


class DocumentViewSet(ModelViewSet):
    queryset = Document.objects.select_related("measure").prefetch_related("language_versions")
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilterSet

    @extend_schema(
        summary="Download a language version of a document",
        parameters=[OpenApiParameter("language", str, OpenApiParameter.PATH, enum=Language.values)],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"download/(?P<language>[a-z]+)",
        renderer_classes=[FileRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def download(self, request, pk=None, language=None):
        """Streams the file of one language version, if the document is visible to the caller."""
        document = self.get_object()
        version = get_object_or_404(document.language_versions, language=language)
        return file_response(version)


class DecisionViewSet(ModelViewSet):
    queryset = Decision.objects.select_related("meeting__body", "responsible_country", "measure").prefetch_related(
        "referred_to"
    )
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilterSet

    def get_serializer_class(self):
        return serializers.DecisionDetailSerializer if self.action == "retrieve" else super().get_serializer_class()
