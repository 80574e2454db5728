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


def pdftotext(content):
    """The text of a PDF as poppler's `pdftotext -layout` reads it (what a reader of the issue would use), whitespace
    folded. Needs Debian's poppler-utils (CI installs it): skipped locally without it, failing in CI."""
    import shutil
    import subprocess

    from tests.conftest import service_missing

    tool = shutil.which("pdftotext")
    if tool is None:
        service_missing("pdftotext (Debian's poppler-utils) is not installed")
    done = subprocess.run([tool, "-layout", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603 - our own PDF
    return " ".join(done.stdout.decode().split())
