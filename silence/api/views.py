from rest_framework import mixins

from core import permissions
from core.api.viewsets import ModelViewSet, ReadOnlyViewSet, WorkflowViewSetMixin

from .. import filters
from ..models import SilenceProcedure, SilenceResponse
from . import serializers


class SilenceProcedureViewSet(WorkflowViewSetMixin, ModelViewSet):
    queryset = SilenceProcedure.objects.select_related("body").prefetch_related(
        "states", "responses__country", "responses__author"
    )
    serializer_class = serializers.SilenceProcedureSerializer
    filterset_class = filters.SilenceProcedureFilterSet
    rows_as_values = False  # the answers are nested

    def permission_target(self, request):
        # A focal point's steps (break silence, join consensus) add the state's answer: through /transitions/ they
        # are asked as that addition, as /silence-responses/ asks it; the workflow then says which step the caller
        # may take (staff's or a concerned focal point's), so both API doors give the portal's answer.
        if self.action == "transitions" and request.method == "POST":
            return SilenceResponse, permissions.ADD
        return super().permission_target(request)


class SilenceResponseViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    """The states' answers; a focal point of a concerned state POSTs one (multipart when a file is attached)."""

    queryset = SilenceResponse.objects.select_related("country", "author")
    serializer_class = serializers.SilenceResponseSerializer
    filterset_class = filters.SilenceResponseFilterSet
