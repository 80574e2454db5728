"""OpenAPI generation: every operation documents its error answers in the one error shape, and token auth."""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ErrorSerializer

ERRORS = {
    "400": "Invalid input (or an invalid filter value): field errors in `errors`.",
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
