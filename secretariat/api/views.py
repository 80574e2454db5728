from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.renderers import FileRenderer
from core.api.schema import download_responses
from core.api.viewsets import ModelViewSet, ReadOnlyViewSet, WorkflowViewSetMixin, if_match_version
from core.files import file_response

from .. import filters, services
from ..choices import Language
from ..models import Decision, Document, Meeting, MeetingBody
from ..workflows import DECISION_WORKFLOW
from . import serializers


class MeetingBodyViewSet(ReadOnlyViewSet):
    queryset = MeetingBody.objects.select_related("reports_to")
    serializer_class = serializers.MeetingBodySerializer
    filterset_class = filters.MeetingBodyFilterSet


class MeetingViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = (
        Meeting.objects.select_related("body", "host_country").with_participating().prefetch_related("agenda_items")
    )
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilterSet


class DocumentViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = Document.objects.select_related("measure").prefetch_related("language_versions")
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilterSet

    def get_serializer_class(self):
        # A PATCH answers with what a GET of the row carries.
        if self.action in ("retrieve", "partial_update", "revisions"):
            return serializers.DocumentDetailSerializer
        return super().get_serializer_class()

    @extend_schema(
        summary="Issue a revision, corrigendum or addendum of the document",
        description=(
            "Numbered after the original (…/Rev.1, …/Corr.1, …/Add.1); a revision supersedes the text current before "
            "it, whose files stay downloadable. Upload the new document's language versions in the admin."
        ),
        request=serializers.RevisionRequestSerializer,
        responses={201: serializers.DocumentDetailSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def revisions(self, request, pk=None):
        document = self.get_object()
        revision = serializers.RevisionRequestSerializer(data=request.data)
        revision.is_valid(raise_exception=True)
        data = revision.validated_data
        new = services.issue_revision(
            document,
            request.user,
            data["revision_kind"],
            title=data.get("title", ""),
            title_ru=data.get("title_ru", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=new.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download a language version of a document",
        parameters=[OpenApiParameter("language", str, OpenApiParameter.PATH, enum=Language.values)],
        responses=download_responses(),
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


class DecisionViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = Decision.objects.select_related("meeting__body", "responsible_country", "measure").prefetch_related(
        "referred_to"
    )
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilterSet

    def get_serializer_class(self):
        detailed = ("retrieve", "partial_update", "refer", "transitions")  # a PATCH answers like a GET
        return serializers.DecisionDetailSerializer if self.action in detailed else super().get_serializer_class()

    @extend_schema(
        summary="Refer the matter up the meeting cycle (SWG -> CSO -> CFM -> Summit)",
        description=(
            "Creates an agenda item and a draft decision at the higher meeting, carrying the title and text over, and "
            "marks this decision referred. Without `meeting`, the next meeting of the body this one reports to."
        ),
        request=serializers.ReferralSerializer,
        responses={201: serializers.DecisionDetailSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def refer(self, request, pk=None):
        decision = self.get_object()
        referral = serializers.ReferralSerializer(data=request.data)
        referral.is_valid(raise_exception=True)
        referred = DECISION_WORKFLOW.take(
            decision,
            request.user,
            "refer",
            version=if_match_version(request),
            to_meeting=referral.validated_data.get("meeting"),
        )
        higher = self.get_queryset().get(pk=referred.taken_up_as.pk)
        return Response(self.get_serializer(higher).data, status=status.HTTP_201_CREATED)
