from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core import permissions
from core.api.renderers import FileRenderer
from core.api.schema import download_responses
from core.api.viewsets import ModelViewSet, ReadOnlyViewSet, WorkflowViewSetMixin, if_match_version, with_validators
from core.concurrency import lock_fresh
from core.files import file_response

from .. import filters
from ..models import Delegation, Participant, Registration
from . import serializers


class RegistrationViewSet(ReadOnlyViewSet):
    queryset = Registration.objects.select_related("meeting", "participants_list").prefetch_related("partners")
    serializer_class = serializers.RegistrationSerializer
    filterset_class = filters.RegistrationFilterSet


class NominationOpenMixin:
    """A focal point's write to a delegation after the nomination deadline is a 400 that says so (not a bare 403)."""

    def check_object_permissions(self, request, obj):
        if request.method not in ("GET", "HEAD", "OPTIONS") and not permissions.is_staff(request.user):
            delegation = obj if isinstance(obj, Delegation) else obj.delegation
            if Delegation.objects.filter(pk=delegation.pk).acting_for(request.user).exists():
                try:
                    delegation.check_nominable()
                except ValidationError as error:
                    raise exceptions.ValidationError({"non_field_errors": error.messages}) from None
        super().check_object_permissions(request, obj)


class DelegationViewSet(NominationOpenMixin, WorkflowViewSetMixin, ModelViewSet):
    queryset = Delegation.objects.select_related("meeting", "country", "partner").prefetch_related("participants")
    serializer_class = serializers.DelegationSerializer
    filterset_class = filters.DelegationFilterSet
    changing_actions = (*WorkflowViewSetMixin.changing_actions, "credentials")

    @extend_schema(methods=["GET"], summary="Download the letter of credentials", responses=download_responses())
    @extend_schema(
        methods=["POST"],
        summary="Attach the letter of credentials (PDF)",
        request={"multipart/form-data": serializers.CredentialsSerializer},
        responses=serializers.DelegationSerializer,
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
        pagination_class=None,
    )
    def credentials(self, request, pk=None):
        delegation = self.get_object()
        if request.method == "GET":
            if not delegation.credentials or not serializers.sees_in_full(request.user, delegation):
                raise Http404
            return file_response(delegation, "credentials")
        upload = serializers.CredentialsSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        with transaction.atomic():
            locked = lock_fresh(delegation, if_match_version(request))
            locked.credentials = upload.validated_data["file"]
            locked._history_user = request.user
            locked.save()
            permissions.require_kept(request.user, locked)
        return with_validators(Response(self.get_serializer(locked).data), locked)

    def get_renderers(self):
        if getattr(self, "action", None) == "credentials" and self.request.method == "GET":
            return [FileRenderer()]
        return super().get_renderers()


class ParticipantViewSet(NominationOpenMixin, ModelViewSet):
    queryset = Participant.objects.select_related("delegation")
    serializer_class = serializers.ParticipantSerializer
    filterset_class = filters.ParticipantFilterSet
