"""Links from an API record to its PDFs (served by printouts.api under /api/v1/, with the same token and rule).

A domain serializer names the PDFs by their URL names (the printouts app stands above the domain apps, so it is
named, not imported): `printouts = pdf_links_field({"agenda": "meeting-agenda-pdf", ...})`. Each kind answers
{"en": url, "ru": url}, absolute when the request is known.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

LANGUAGES = ("en", "ru")  # CICA's working languages: every printout is made in both


class PDFLinksSerializer(serializers.Serializer):
    en = serializers.URLField(help_text="The PDF in English.")
    ru = serializers.URLField(help_text="The PDF in Russian.")


def pdf_links_field(kinds, lookup="pk", name=None):
    """A read-only field {kind: {"en": url, "ru": url}} for the PDFs named in `kinds` ({kind: URL name})."""
    schema = type(name or "PrintoutLinks", (serializers.Serializer,), {kind: PDFLinksSerializer() for kind in kinds})

    @extend_schema_field(schema)
    class PDFLinks(serializers.Field):
        reads_the_row_only = True  # the row's own key is all it needs: a list read as values serves it (core.api.rows)

        def __init__(self, **kwargs):
            super().__init__(source="*", read_only=True, **kwargs)

        def to_representation(self, obj):
            request = self.context.get("request")
            key = getattr(obj, lookup)
            links = {}
            for kind, url_name in kinds.items():
                url = reverse(f"api:{url_name}", args=[key])
                links[kind] = {
                    code: request.build_absolute_uri(f"{url}?language={code}") if request else f"{url}?language={code}"
                    for code in LANGUAGES
                }
            return links

    return PDFLinks(help_text="The record's PDFs, one link per language (the same API token opens them).")
