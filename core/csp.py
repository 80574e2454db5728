"""The Content-Security-Policy of every answer (django-csp), with the one relaxation the admin needs.

The portal, the API docs and the admin run under settings.CONTENT_SECURITY_POLICY: scripts, styles, images and
fonts only from this site's own files, no inline script or style, no framing. One exception: the admin's history
pages (`/admin/.../history/`) allow inline style *attributes* (`style-src-attr 'unsafe-inline'`), because
django-simple-history's template writes one (`style="border-top: 0"`) that we would otherwise have to fork. Inline
`<style>` elements and every kind of inline script stay refused there too: an injected attribute could restyle that
page, never run code. (tests/browser/test_csp.py walks the admin and finds no other violation.)
"""

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
HISTORY_SUFFIX = "/history/"
HISTORY_RELAXATION = {"style-src-attr": ["'unsafe-inline'"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        path = request.path_info
        if not report_only and path.startswith(ADMIN_PREFIX) and path.endswith(HISTORY_SUFFIX) and not parts.update:
            parts.update = HISTORY_RELAXATION
        return parts
