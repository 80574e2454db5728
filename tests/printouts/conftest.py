import io

import pytest

from tests.search.conftest import require_weasyprint


@pytest.fixture(autouse=True)
def _weasyprint():
    require_weasyprint()


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """A saved printout's text is read by a Celery task; here it runs in-process even with a real broker."""
    from cica_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def pdf_text(content):
    """The text of a PDF, parsed back with pypdf, whitespace folded."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
