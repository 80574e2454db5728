"""A thin generic base for every API resource (NetBox's netbox/api/viewsets): a resource declares its queryset
(with the select_related/prefetch_related it needs, so a list costs a fixed number of queries), its serializer and
its FilterSet; permissions, atomic writes, pagination, throttling, error answers, ETag / If-Match and the workflow
steps of workflow records come from here.
"""

from django.db import transaction
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import permissions
from core.concurrency import lock_fresh
from core.forms import step_data, step_form
from core.workflows import workflow_for

from . import rows
from .exceptions import PreconditionFailed
from .filtering import filter_parameters
from .pagination import StandardPagination
from .permissions import METHOD_ACTIONS, ModelPermission
from .renderers import CSVRenderer
from .serializers import StepSerializer, TransitionRequestSerializer


def etag(instance):
    """The entity tag of a row's current version: a strong tag that changes with every save."""
    return f'"{instance.lock_version}"' if hasattr(instance, "lock_version") else None


def if_match_version(request):
    """The version an If-Match header asks to change (None: no precondition); `*` matches any version."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    tag = header.split(",")[0].strip().removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise PreconditionFailed()
    return tag


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of the rows the user may see; detail answers carry Last-Modified (and honour 304)."""

    permission_classes = [ModelPermission]

    def get_queryset(self):
        return permissions.restrict(super().get_queryset(), self.request.user, permissions.VIEW)

    def check_permissions(self, request):
        # Throttles first (DRF checks them after the permissions): an anonymous request refused with 401 still counts
        # against its address, so nobody probes the API at an unlimited rate.
        self.check_throttles(request)
        self._throttles_checked = True
        super().check_permissions(request)

    def check_throttles(self, request):
        if not getattr(self, "_throttles_checked", False):
            super().check_throttles(request)

    # Query parameters every list takes besides its filters and its pagination's.
    list_parameters = ("format",)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            refuse_unknown_parameters(request, self.known_parameters())

    def known_parameters(self):
        """The query parameters a list understands: its FilterSet's (a range filter's `_after`/`_before` too) and
        the pagination's; anything else is a 400, so a misspelt filter is never silently ignored."""
        known = set(self.list_parameters) | set(getattr(self.pagination_class, "query_parameters", ()))
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            known |= filter_parameters(filterset_class)
        return known

    # Lists read their page as values through the serializer's row plan when it has one (core.api.rows).
    rows_as_values = True

    def list(self, request, *args, **kwargs):
        # The page is read as values when the serializer has a row plan: the same JSON as the serializer's, without a
        # model instance per row and per related row. (A comment, not a docstring: that would describe every list
        # in the OpenAPI schema.)
        queryset = self.filter_queryset(self.get_queryset())
        serializer = self.get_serializer_class()(context=self.get_serializer_context())
        paginator = self.paginator
        plan = None
        if self.rows_as_values and (paginator is None or isinstance(paginator, StandardPagination)):
            plan = rows.plan_for(serializer, queryset)
        if plan is not None:
            page = None if paginator is None else paginator.paginate_queryset(queryset, request, self, plan.values)
            try:
                data = plan.represent(plan.values(queryset) if page is None else page, serializer, queryset)
            except rows.ReadsTheDatabase:
                rows.forget(serializer)  # a field read the database for each row: DRF serves it from now on
            else:
                return Response(data) if page is None else self.get_paginated_response(data)
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.get_serializer(queryset, many=True).data)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_renderers(self):
        """JSON everywhere; a list also answers `?format=csv` (or `Accept: text/csv`)."""
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers.append(CSVRenderer())
        return renderers

    def permission_target(self, request):
        """The model and action a request acts on; an extra action on a related model overrides this."""
        return self.queryset.model, METHOD_ACTIONS.get(request.method, permissions.CHANGE)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        updated = getattr(instance, "updated", None)
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if updated is not None and since is not None and int(updated.timestamp()) <= since:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(self.get_serializer(instance).data)
        return with_validators(response, instance)


def refuse_unknown_parameters(request, known):
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        raise exceptions.ValidationError(
            {
                name: [_("Unknown parameter. This list takes: %(known)s.") % {"known": ", ".join(sorted(known))}]
                for name in unknown
            }
        )


def with_validators(response, instance):
    """Last-Modified and ETag of the row a response shows, for conditional requests."""
    if getattr(instance, "updated", None) is not None:
        response["Last-Modified"] = http_date(instance.updated.timestamp())
    if etag(instance):
        response["ETag"] = etag(instance)
    return response


class ModelViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyViewSet,
):
    """Adds create, update and delete. Each write is atomic, and the permission rule is checked on the written row
    (core.permissions.may_keep, called by the serializer before any workflow step): if the user may not keep it,
    the write is rolled back with 403."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        return with_validators(response, self.saved)

    def perform_update(self, serializer):
        """The row is locked and re-read first; `If-Match` with an older ETag answers 412 and changes nothing."""
        with transaction.atomic():
            serializer.instance = lock_fresh(serializer.instance, if_match_version(self.request))
            self.saved = serializer.save()

    def perform_destroy(self, instance):
        with transaction.atomic():
            lock_fresh(instance, if_match_version(self.request)).delete()

    def check_kept(self, instance):
        permissions.require_kept(self.request.user, instance)


class WorkflowViewSetMixin:
    """`/<resource>/<id>/transitions/`: the steps the caller may take now (GET) and taking one (POST), for a model
    with a workflow. A PATCH of the status takes the same steps; both answer 400 naming the current status and the
    moves open to the caller when a step is refused, 409 when it was already taken, 412 on a stale If-Match."""

    # Extra actions that change the row they are called on (a POST there is a change, not an addition).
    changing_actions = ("transitions", "refer", "revisions")

    def permission_target(self, request):
        model, action = super().permission_target(request)
        if self.action in self.changing_actions and request.method == "POST":
            return self.queryset.model, permissions.CHANGE
        return model, action

    def check_object_permissions(self, request, obj):
        try:
            super().check_object_permissions(request, obj)
        except exceptions.PermissionDenied:
            # A step asked on a row of the caller's own that it may no longer change (its report submitted, its
            # delegation accredited): the workflow, which authorizes every step itself, says why (409 for a step
            # already taken, 400 naming the moves open), as it answers the second of two simultaneous requests.
            asks_a_step = self.action == "transitions" and request.method == "POST"
            if not (asks_a_step and permissions.may_keep(request.user, obj)):
                raise

    @extend_schema(
        methods=["GET"],
        summary="The workflow steps you may take on this row now",
        responses=StepSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Take a workflow step (e.g. submit, accept, return, approve, adopt, refer)",
        request=TransitionRequestSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)],
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def transitions(self, request, pk=None):
        instance = self.get_object()
        workflow = workflow_for(type(instance))
        if request.method == "GET":
            steps = workflow.available(instance, request.user)
            return Response(StepSerializer(steps, many=True, context={"workflow": workflow}).data)
        request_serializer = TransitionRequestSerializer(data=request.data)
        request_serializer.is_valid(raise_exception=True)
        transition = workflow.by_name(request_serializer.validated_data["transition"])
        if transition is None:
            raise exceptions.ValidationError({"transition": ["There is no such step."]})
        form = step_form(workflow, transition, instance, request.data)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        saved = workflow.take(
            instance, request.user, transition.name, version=if_match_version(request), **step_data(form)
        )
        return with_validators(Response(self.get_serializer(saved).data), saved)
