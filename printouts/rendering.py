"""HTML templates to PDF with WeasyPrint, styled by the portal's own stylesheets plus print rules.

The fonts come from the system (fontconfig): the Dockerfile and CI install Debian's fonts-dejavu-core, whose
DejaVu Sans covers Latin and Cyrillic. Nothing is fetched while rendering: the stylesheets are read from the static
folders and every URL in a page (there should be none) is refused.
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# The portal's styles (status tones, tables, badges) first, then the rules for paper.
STYLESHEETS = ("css/status.css", "css/portal.css", "css/print.css")


@cache
def _stylesheets():
    from weasyprint import CSS

    return [CSS(string=_read(name)) for name in STYLESHEETS]


def _read(name):
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(f"static file {name} not found")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def render_pdf(template_name, context):
    """The PDF (bytes) of `template_name` rendered with `context` in the active language."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=_stylesheets())
