"""/api/schema/ from the committed contract, read once per process.

Generating the schema walks every viewset and serializer: seconds per request, so /api/docs/ used to spin while it
ran. The committed openapi/schema.yaml is that schema already (tests/api/test_schema.py fails when it differs from
what the code generates), so it is served instead: parsed on the first request, kept for the life of the process,
i.e. rebuilt on every deploy. Without the file (a checkout that dropped it) the view generates as before.
"""

import functools
from pathlib import Path

import yaml
from django.conf import settings
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

COMMITTED_SCHEMA = Path(settings.BASE_DIR) / "openapi" / "schema.yaml"


@functools.cache
def committed_schema():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when installed: several times faster
    with COMMITTED_SCHEMA.open(encoding="utf-8") as schema:
        return yaml.load(schema, Loader=loader)  # noqa: S506 - a safe loader


class CommittedSchemaView(SpectacularAPIView):
    def _get_schema_response(self, request):
        if not COMMITTED_SCHEMA.exists():
            return super()._get_schema_response(request)
        filename = self._get_filename(request, None)
        return Response(data=committed_schema(), headers={"Content-Disposition": f'inline; filename="{filename}"'})
