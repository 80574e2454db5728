"""The text of uploaded files is read after upload (a Celery task), stored, and put into the search index; a file
that cannot be read is marked so and never makes an error."""

import pytest
from django.core.files.base import ContentFile

from search import services
from search.extraction import read_text
from search.models import FileStatus, FileText, SearchEntry
from secretariat.models import DocumentLanguageVersion
from tests import factories

from .conftest import docx_bytes, odt_bytes, pdf_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def stored(name, content):
    """A FieldFile-like object as the task gets it: a saved report attachment's file."""
    return factories.ReportAttachmentFactory(file=upload(name, content)).file


class TestReadingFiles:
    def test_a_pdf_gives_its_text_in_russian(self):
        result = read_text(stored("report.pdf", pdf_bytes("Меры доверия укрепляют безопасность в Азии", lang="ru")))
        assert result.status == FileStatus.EXTRACTED
        assert "Меры доверия укрепляют безопасность" in result.text

    def test_a_docx_gives_its_paragraphs_and_tables(self):
        content = docx_bytes("Water resources management workshop", table=[("Country", "Kazakhstan")])
        result = read_text(stored("notes.docx", content))
        assert result.status == FileStatus.EXTRACTED
        assert "Water resources management workshop" in result.text
        assert "Country\tKazakhstan" in result.text

    def test_an_odt_gives_its_paragraphs(self):
        result = read_text(stored("concept.odt", odt_bytes("Concept paper on energy security")))
        assert result.status == FileStatus.EXTRACTED
        assert "Concept paper on energy security" in result.text

    def test_an_xlsx_gives_its_cells(self):
        result = read_text(stored("figures.xlsx", xlsx_bytes([("Seminar", "Almaty", 42)])))
        assert result.status == FileStatus.EXTRACTED
        assert "Seminar\tAlmaty\t42" in result.text

    def test_an_image_has_no_text_to_read(self):
        result = read_text(stored("photo.png", b"\x89PNG\r\n\x1a\n...."))
        assert result.status == FileStatus.UNSUPPORTED

    @pytest.mark.parametrize("name", ["broken.pdf", "broken.docx", "broken.odt", "broken.xlsx"])
    def test_a_damaged_file_is_marked_unreadable_not_raised(self, name):
        result = read_text(
            stored(name, b"%PDF-1.4 this is not really a document" if name.endswith("pdf") else b"PK\x03\x04oops")
        )
        assert result.status == FileStatus.UNREADABLE
        assert result.detail

    def test_a_file_missing_from_storage_is_marked_unreadable(self):
        file = stored("gone.pdf", pdf_bytes("text"))
        file.storage.delete(file.name)
        result = read_text(file)
        assert result.status == FileStatus.UNREADABLE
        assert "missing" in result.detail

    def test_a_pdf_without_a_text_layer_is_marked_empty(self):
        result = read_text(stored("scan.pdf", pdf_bytes("")))
        assert result.status == FileStatus.EMPTY

    def test_text_is_cut_at_the_configured_length(self, settings):
        settings.SEARCH_FILE_TEXT_MAX_CHARS = 40
        result = read_text(stored("long.docx", docx_bytes(*(f"Paragraph number {n}" for n in range(50)))))
        assert result.status == FileStatus.EXTRACTED
        assert len(result.text) == 40


class TestAfterUpload:
    def test_an_uploaded_docx_is_read_after_commit_and_its_text_indexed(self, django_capture_on_commit_callbacks):
        document = factories.DocumentFactory(title="Concept note")
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            version = factories.DocumentLanguageVersionFactory(
                document=document, language="en", file=upload("note.docx", docx_bytes("Maritime safety cooperation"))
            )
        assert FileText.objects.get(object_id=version.pk).status == FileStatus.PENDING  # not read before commit
        for callback in callbacks:
            callback()
        text = FileText.objects.get(model="secretariat.documentlanguageversion", object_id=version.pk)
        assert text.status == FileStatus.EXTRACTED
        assert text.file_name == version.file.name
        entry = SearchEntry.objects.get(kind="document", object_id=document.pk, language="en")
        assert "Maritime safety cooperation" in entry.text

    def test_a_report_attachment_adds_its_text_to_the_report(self, django_capture_on_commit_callbacks):
        report = factories.ImplementationReportFactory(narrative="We held two seminars.")
        with django_capture_on_commit_callbacks(execute=True):
            factories.ReportAttachmentFactory(
                report=report, file=upload("annex.odt", odt_bytes("Annex on desertification"))
            )
        entry = SearchEntry.objects.get(kind="report", object_id=report.pk)
        assert "We held two seminars." in entry.text
        assert "Annex on desertification" in entry.text

    def test_an_unreadable_upload_is_saved_and_marked(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            version = factories.DocumentLanguageVersionFactory(file=upload("bad.pdf", b"%PDF-1.4 garbage"))
        assert DocumentLanguageVersion.objects.filter(pk=version.pk).exists()
        text = FileText.objects.get(object_id=version.pk)
        assert text.status == FileStatus.UNREADABLE

    def test_saving_the_same_file_again_does_not_read_it_again(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            version = factories.DocumentLanguageVersionFactory(file=upload("a.docx", docx_bytes("First text")))
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            version.title = "A new title"
            version.save()
        assert callbacks == []

    def test_a_replaced_file_is_read_again(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            version = factories.DocumentLanguageVersionFactory(file=upload("a.docx", docx_bytes("First text")))
        with django_capture_on_commit_callbacks(execute=True):
            version.file = upload("b.docx", docx_bytes("Second text"))
            version.save()
        entry = SearchEntry.objects.get(kind="document", object_id=version.document_id)
        assert "Second text" in entry.text
        assert "First text" not in entry.text

    def test_a_deleted_file_row_takes_its_text_out_of_the_index(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            version = factories.DocumentLanguageVersionFactory(file=upload("a.docx", docx_bytes("Vanishing text")))
        document = version.document
        version.delete()
        assert not FileText.objects.filter(object_id=version.pk).exists()
        assert not SearchEntry.objects.filter(
            kind="document", object_id=document.pk, text__contains="Vanishing"
        ).exists()

    def test_the_task_returns_quietly_when_the_row_is_gone(self):
        assert services.extract_file_text("secretariat.documentlanguageversion", 999999) == "gone"

    def test_the_task_reads_what_is_there_when_it_runs(self):
        version = factories.DocumentLanguageVersionFactory(file=ContentFile(docx_bytes("Late text"), name="late.docx"))
        assert services.extract_file_text("secretariat.documentlanguageversion", version.pk) == FileStatus.EXTRACTED
        assert "Late text" in SearchEntry.objects.get(kind="document", object_id=version.document_id).text
