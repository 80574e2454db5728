import json

from rest_framework.renderers import BaseRenderer


class FileRenderer(BaseRenderer):
    """Lets a download answer `Accept: application/octet-stream`; an error on that route is still JSON text."""

    media_type = "application/octet-stream"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:  # an error answer ({"detail", "errors"}) is JSON and says so
            response["Content-Type"] = "application/json"
        return json.dumps(data).encode()
