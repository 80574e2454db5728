"""OpenAPI generation: every operation documents its error answers in the one error shape, and token auth."""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from core.uploads import served_content_types

from .serializers import ErrorSerializer


def download_responses(description="The file, with the type its kind declares."):
    """A download's 200: each type a file may be served with (core.uploads.CONTENT_TYPES), as binary."""
    return {
        (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description=description)
        for content_type in served_content_types()
    }


ERRORS = {
    "400": "Invalid input (or an invalid filter value, or a query parameter the list does not take): field errors "
    "in `errors`.",
    "401": "Not authenticated: send `Authorization: Token <key>` (or `Bearer <key>`), or sign in.",
    "403": "Authenticated, but this role or token scope may not do this.",
    "404": "No such object (or not visible to you), or no such page of a list.",
    "409": "Conflicts with the data: a workflow step already taken, or deleting a row others refer to.",
    "412": "If-Match named an older ETag: someone changed the row since you read it. Read it again and retry.",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}


class AutoSchema(BaseAutoSchema):
    def _error_codes(self):
        codes = ["401", "403", "429"]
        if self.method in ("POST", "PATCH", "PUT") or (self.method == "GET" and self._is_list_view()):
            codes.append("400")
        if "{" in self.path or (self.method == "GET" and self._is_list_view()):
            codes.append("404")
        if self.method in ("POST", "PATCH", "PUT", "DELETE"):
            codes.append("409")
        changes = self.method in ("PATCH", "PUT", "DELETE")
        if changes or (self.method == "POST" and self.path.endswith(("/transitions/", "/refer/"))):
            codes.append("412")
        return sorted(codes)

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in ("GET", "PATCH") and self.path.endswith("{id}/"):
            parameters = [
                *parameters,
                OpenApiParameter(
                    "ETag",
                    str,
                    OpenApiParameter.HEADER,
                    response=[200],
                    description="The version of the row; send it back in If-Match to change only this version.",
                ),
            ]
        if self.method in ("PATCH", "PUT", "DELETE") and "{" in self.path:
            parameters = [
                *parameters,
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    required=False,
                    description="The ETag of the version you read: the change is refused with 412 if the row changed "
                    "since. Details answer with their ETag.",
                ),
            ]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                response = OpenApiResponse(ErrorSerializer, description=ERRORS[code])
                responses[code] = self._get_response_for_code(response, code, ("application/json",), direction)
        return responses


def link_operations(result, generator, request, public):
    """OpenAPI links from each creating POST (201) to what can be done with the created row: every operation under
    `<resource>/{id}/` (named by its operation id, `retrieve`, `partial_update`, `attachments_create`, ...) and, for
    a workflow record, each step by name (`submit`, `accept`, ...) as a POST to its transitions. Generated clients
    and stateful testing follow them with the new row's id."""
    from core.workflows import workflow_for

    views = {}
    for path, _regex, _method, callback in generator.endpoints or ():
        views.setdefault(path, getattr(callback, "cls", None))
    prefix = result.get("servers", [{}])[0].get("url", "") if result.get("servers") else ""
    for path, operations in result["paths"].items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if created is None or "{" in path:
            continue
        links = {}
        stem = operations["post"]["operationId"].removesuffix("_create")
        for other, other_operations in result["paths"].items():
            rest = other.removeprefix(path)
            if other == path or not rest.startswith("{id}/") or rest.count("{") > 1:
                continue
            for _method, operation in other_operations.items():
                name = operation["operationId"].removeprefix(f"{stem}_")
                links[name] = {
                    "operationId": operation["operationId"],
                    "parameters": {"id": "$response.body#/id"},
                    "description": operation.get("summary") or name.replace("_", " "),
                }
        view = views.get(prefix + path) or views.get(path)
        model = getattr(getattr(view, "queryset", None), "model", None)
        workflow = workflow_for(model) if model is not None else None
        transitions = next((n for n in links if n == "transitions_create"), None)
        if workflow is not None and transitions:
            for step in workflow.transitions:
                links.setdefault(
                    step.name,
                    {
                        "operationId": links[transitions]["operationId"],
                        "parameters": {"id": "$response.body#/id"},
                        "requestBody": {"transition": step.name},
                        "description": str(step.label),
                    },
                )
        if links:
            created["links"] = dict(sorted(links.items()))
    return result
