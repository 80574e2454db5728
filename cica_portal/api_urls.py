"""The API, assembled from every app: /api/v1/<resource>/, OpenAPI at /api/schema/, Swagger UI at /api/docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"

v1 = [
    path("", include("chairmanship.api.urls")),
    path("", include("measures.api.urls")),
    path("", include("secretariat.api.urls")),
    path("", include("relations.api.urls")),
    path("", include("reporting.api.urls")),
    path("", include("search.api.urls")),
    path("", include("webhooks.api.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, so the page runs under the Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
]
