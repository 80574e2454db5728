from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.renderers import FileRenderer
from core.api.schema import download_responses
from core.api.viewsets import ModelViewSet, WorkflowViewSetMixin
from core.files import file_response

from .. import filters, services
from ..models import Inscription, SpeakersList, Statement
from . import serializers


class SpeakersListViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = SpeakersList.objects.select_related("agenda_item")
    serializer_class = serializers.SpeakersListSerializer
    filterset_class = filters.SpeakersListFilterSet
    changing_actions = (*WorkflowViewSetMixin.changing_actions, "order")

    @extend_schema(
        summary="Order a list of speakers: the ids in order, or heads of state first (staff)",
        request=serializers.ReorderSerializer,
        responses=serializers.InscriptionSerializer(many=True),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def order(self, request, pk=None):
        speakers_list = self.get_object()
        given = serializers.ReorderSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            if given.validated_data.get("by_protocol"):
                services.order_by_protocol(speakers_list, request.user)
            else:
                services.reorder(speakers_list, given.validated_data["order"], request.user)
        except ValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from error
        speakers = speakers_list.speakers()
        return Response(
            serializers.InscriptionSerializer(speakers, many=True, context=self.get_serializer_context()).data
        )


class InscriptionViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = Inscription.objects.select_related("country")
    serializer_class = serializers.InscriptionSerializer
    filterset_class = filters.InscriptionFilterSet


class StatementViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = Statement.objects.select_related("country", "speakers_list")
    serializer_class = serializers.StatementSerializer
    filterset_class = filters.StatementFilterSet

    @extend_schema(summary="Download a statement's file", responses=download_responses())
    @action(
        detail=True,
        methods=["get"],
        url_name="download",
        renderer_classes=[FileRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def download(self, request, pk=None):
        statement = Statement.objects.select_related("country", "speakers_list__agenda_item__meeting__body").get(
            pk=self.get_object().pk
        )
        return file_response(statement)
