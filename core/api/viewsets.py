"""A thin generic base for every API resource (NetBox's netbox/api/viewsets): a resource declares its queryset
(with the select_related/prefetch_related it needs, so a list costs a fixed number of queries), its serializer and
its FilterSet; permissions, atomic writes, pagination, throttling and error answers come from here.
"""

from django.db import transaction
from django.utils.http import http_date, parse_http_date_safe
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from core import permissions

from .permissions import METHOD_ACTIONS, ModelPermission


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of the rows the user may see; detail answers carry Last-Modified (and honour 304)."""

    permission_classes = [ModelPermission]

    def get_queryset(self):
        return permissions.restrict(super().get_queryset(), self.request.user, permissions.VIEW)

    def permission_target(self, request):
        """The model and action a request acts on; an extra action on a related model overrides this."""
        return self.queryset.model, METHOD_ACTIONS.get(request.method, permissions.CHANGE)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        updated = getattr(instance, "updated", None)
        if updated is not None:
            since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
            if since is not None and int(updated.timestamp()) <= since:
                response = Response(status=status.HTTP_304_NOT_MODIFIED)
            else:
                response = Response(self.get_serializer(instance).data)
            response["Last-Modified"] = http_date(updated.timestamp())
            return response
        return Response(self.get_serializer(instance).data)


class ModelViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyViewSet,
):
    """Adds create, update and delete. Each write is atomic and ends with the permission rule checked on the saved
    row (core.permissions.may_keep): if the user may not keep it, the write is rolled back with 403."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            self.check_kept(instance)

    def perform_update(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            self.check_kept(instance)

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()

    def check_kept(self, instance):
        if not permissions.may_keep(self.request.user, instance):
            raise exceptions.PermissionDenied()
