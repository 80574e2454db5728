"""`GET /api/v1/`: every resource of the API by name, with the address of its list (NetBox's API root)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView


class APIRootView(APIView):
    # Declare `resources`: {name: url name of the list}. Open to everyone, like the schema: it names no row.

    permission_classes = [AllowAny]
    resources = {}

    @extend_schema(
        summary="The resources of the API, each with the address of its list",
        description="Open to everyone, like the schema: it names resources, never a row.",
        responses={200: OpenApiTypes.OBJECT},
        examples=[OpenApiExample("Root", value={"reports": "https://example.org/api/v1/reports/"})],
    )
    def get(self, request):
        return Response({name: reverse(url_name, request=request) for name, url_name in self.resources.items()})


def resources_of(*routers, **named):
    """The list url names of every viewset the routers register, by prefix; `named` adds plain views."""
    found = {prefix: f"api:{basename}-list" for router in routers for prefix, _viewset, basename in router.registry}
    return {**found, **{name: f"api:{url_name}" for name, url_name in named.items()}}
