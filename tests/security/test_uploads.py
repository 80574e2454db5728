"""Uploads are identified by their content: office containers told apart from a renamed ZIP, polyglots refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import validate_upload
from measures.choices import ReportStatus
from tests import factories
from tests.conftest import sign_in, token_client

DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
XLSX_TYPES = DOCX_TYPES.replace("/word/document.xml", "/xl/workbook.xml").replace(
    "wordprocessingml.document.main", "spreadsheetml.sheet.main"
)
DOCM_TYPES = DOCX_TYPES.replace(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
)


def zipped(*entries, stored_first=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            entry = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))  # the same bytes on every run
            archive.writestr(entry, content, compress_type=method)
    return buffer.getvalue()


DOCX = zipped(("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", "<w:document/>"))
XLSX = zipped(("[Content_Types].xml", XLSX_TYPES), ("xl/workbook.xml", "<workbook/>"))
ODT = zipped(
    ("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document/>"), stored_first=True
)
ODS = zipped(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>"), stored_first=True)
PLAIN_ZIP = zipped(("readme.txt", "hello"))
DOCM = zipped(("[Content_Types].xml", DOCM_TYPES), ("word/document.xml", "<w:document/>"))
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF"


def check(name, content):
    return validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.docx", DOCX), ("budget.xlsx", XLSX), ("minutes.odt", ODT), ("annex.pdf", b"%PDF-1.7\n1 0 obj")],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_real_documents_are_accepted(name, content):
    assert check(name, content).read() == content  # and left readable from the start


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("archive.docx", PLAIN_ZIP),
        ("archive.xlsx", PLAIN_ZIP),
        ("archive.odt", PLAIN_ZIP),
        ("spreadsheet.docx", XLSX),  # a real office file, but not the kind its name says
        ("document.xlsx", DOCX),
        ("spreadsheet.odt", ODS),
        ("macros.docx", DOCM),
        ("truncated.docx", DOCX[:40]),
        ("polyglot.pdf", POLYGLOT),
        ("page.pdf", b"%PDF-1.4 <!DOCTYPE html><title>x</title>"),
        ("image.png", b"\x89PNG\r\n\x1a\n<svg onload=alert(1)>"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_disguised_files_are_refused(name, content):
    with pytest.raises(ValidationError, match="does not look like"):
        check(name, content)


@pytest.mark.django_db
def test_the_api_refuses_a_renamed_zip_and_keeps_no_attachment(kz_coordinator, kazakhstan):
    report = factories.ImplementationReportFactory(country=kazakhstan, status=ReportStatus.DRAFT)
    client = token_client(kz_coordinator)
    url = reverse("api:report-attachments", args=[report.pk])
    refused = client.post(url, {"file": SimpleUploadedFile("a.docx", PLAIN_ZIP), "title": "x"}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()["errors"]
    accepted = client.post(url, {"file": SimpleUploadedFile("a.docx", DOCX), "title": "x"}, format="multipart")
    assert accepted.status_code == 201, accepted.content
    assert report.attachments.count() == 1


@pytest.mark.django_db
def test_downloads_are_attachments_with_their_declared_type_that_run_nothing(client, officer):
    attachment = factories.ReportAttachmentFactory()
    response = sign_in(client, officer).get(
        reverse("api:report-attachment-download", args=[attachment.report_id, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
