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
        return json.dumps(data).encode()
