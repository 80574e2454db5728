"""Files with known text (PDF, DOCX, ODT, XLSX) for the search's tests, and a guard for PostgreSQL."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from tests.conftest import service_missing


def require_postgresql():
    if connection.vendor != "postgresql":
        service_missing("full-text search needs PostgreSQL (set DATABASE_URL)")


def require_weasyprint():
    """WeasyPrint needs Debian's pango libraries (the Dockerfile and CI install them)."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        service_missing(f"WeasyPrint cannot load its system libraries: {exc}")


def pdf_bytes(*paragraphs, lang="en"):
    require_weasyprint()
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f'<html lang="{lang}"><body style="font-family: DejaVu Sans">{body}</body></html>'
    return HTML(string=html).write_pdf()


def docx_bytes(*paragraphs, table=()):
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(*paragraphs):
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for paragraph in paragraphs:
        document.text.addElement(P(text=paragraph))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Figures"
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(name, content):
    return ContentFile(content, name=name)


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Files are read by a Celery task; here it runs in-process even when CI points Celery at a real broker."""
    from cica_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def pg(db):
    require_postgresql()
