"""The API, assembled from every app: /api/v1/<resource>/ (listed at /api/v1/), OpenAPI at /api/schema/, Swagger UI
at /api/docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from chairmanship.api import urls as chairmanship_api
from core.api.root import APIRootView, resources_of
from core.api.schema_view import CommittedSchemaView
from measures.api import urls as measures_api
from participation.api import urls as participation_api
from relations.api import urls as relations_api
from reporting.api import urls as reporting_api
from secretariat.api import urls as secretariat_api
from silence.api import urls as silence_api
from speakers.api import urls as speakers_api

app_name = "api"

RESOURCES = resources_of(
    chairmanship_api.router,
    measures_api.router,
    secretariat_api.router,
    relations_api.router,
    reporting_api.router,
    participation_api.router,
    speakers_api.router,
    silence_api.router,
    search="search",
)

v1 = [
    path("", APIRootView.as_view(resources=RESOURCES), name="root"),
    path("", include("chairmanship.api.urls")),
    path("", include("measures.api.urls")),
    path("", include("secretariat.api.urls")),
    path("", include("relations.api.urls")),
    path("", include("reporting.api.urls")),
    path("", include("search.api.urls")),
    path("", include("webhooks.api.urls")),
    path("", include("printouts.api")),  # the PDFs (meetings' agendas and decisions, status reports)
    path("", include("participation.api.urls")),
    path("", include("speakers.api.urls")),
    path("", include("silence.api.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    # The committed contract, read once per process (core.api.schema_view): /api/docs/ opens at once.
    path("schema/", CommittedSchemaView.as_view(), name="schema"),
    # The split view serves its script as a file, so the page runs under the Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
]
