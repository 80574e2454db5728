"""Files follow their rows: a refused upload leaves nothing behind, a deleted row takes its file along (after
commit), a missing file is a clear 404, and orphans can be found and removed."""

import datetime
import io
import os
from pathlib import Path

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from measures.choices import ReportStatus
from measures.models import ReportAttachment
from tests import factories
from tests.conftest import sign_in, token_client


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def a_pdf(name="annex.pdf", size=1024):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


@pytest.fixture
def reports(kazakhstan, india):
    kz_measure = factories.MeasureFactory(title="Energy security")
    in_measure = factories.MeasureFactory(title="Tourism")
    factories.CoordinationFactory(measure=kz_measure, country=kazakhstan)
    factories.CoordinationFactory(measure=in_measure, country=india)
    return {
        "kz_draft": factories.ImplementationReportFactory(measure=kz_measure, country=kazakhstan, narrative=""),
        "in_accepted": factories.ImplementationReportFactory(
            measure=in_measure, country=india, status=ReportStatus.ACCEPTED
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_an_upload_refused_with_403_leaves_the_media_folder_unchanged(reports, kz_coordinator, settings):
    """A coordinator attaching a file to another country's accepted report: 403, and no file is written."""
    factories.ReportAttachmentFactory(report=reports["kz_draft"])
    before = media_files(settings)
    client = token_client(kz_coordinator)

    response = client.post(
        reverse("api:report-attachments", args=[reports["in_accepted"].pk]),
        {"file": a_pdf(size=2 * 1024 * 1024), "title": "Annex"},
        format="multipart",
    )

    assert response.status_code == 403
    assert media_files(settings) == before
    assert ReportAttachment.objects.filter(report=reports["in_accepted"]).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_portal_submit_refused_after_the_files_were_written_leaves_no_file(reports, kz_coordinator, client, settings):
    """Saving and submitting a report without a narrative: the attachments were saved, then the submit is refused
    and the transaction rolls back; their files go with it."""
    sign_in(client, kz_coordinator)
    report = reports["kz_draft"]
    before = media_files(settings)

    response = client.post(
        reverse("measures:report_edit", args=[report.pk]),
        {
            "period_start": report.period_start.isoformat(),
            "period_end": report.period_end.isoformat(),
            "progress": 10,
            "narrative": "",
            "attachments": [a_pdf("one.pdf"), a_pdf("two.pdf")],
            "submit": "1",
        },
    )

    assert response.status_code == 400
    assert "Describe the implementation before submitting." in response.content.decode()
    assert report.attachments.count() == 0
    assert media_files(settings) == before


@pytest.mark.django_db(transaction=True)
def test_a_saved_upload_keeps_its_file(reports, kz_coordinator, settings):
    client = token_client(kz_coordinator)
    response = client.post(
        reverse("api:report-attachments", args=[reports["kz_draft"].pk]), {"file": a_pdf()}, format="multipart"
    )
    assert response.status_code == 201
    attachment = ReportAttachment.objects.get()
    assert media_files(settings) == [attachment.file.name]


@pytest.mark.django_db(transaction=True)
def test_deleting_an_attachment_a_report_or_a_document_version_removes_its_file_after_commit(reports, settings):
    attachment = factories.ReportAttachmentFactory(report=reports["kz_draft"])
    others = [factories.ReportAttachmentFactory(report=reports["in_accepted"]) for _ in range(2)]
    version = factories.DocumentLanguageVersionFactory()
    kept = factories.DocumentLanguageVersionFactory()
    assert len(media_files(settings)) == 5

    attachment.delete()
    assert attachment.file.name not in media_files(settings)

    reports["in_accepted"].delete()  # its attachments go by cascade, and their files
    assert not {o.file.name for o in others} & set(media_files(settings))

    version.delete()
    assert media_files(settings) == [kept.file.name]


@pytest.mark.django_db(transaction=True)
def test_a_deletion_that_rolls_back_keeps_the_file(reports, settings):
    from django.db import transaction

    attachment = factories.ReportAttachmentFactory(report=reports["kz_draft"])
    with pytest.raises(RuntimeError), transaction.atomic():
        attachment.delete()
        raise RuntimeError("changed my mind")
    assert media_files(settings) == [attachment.file.name]


@pytest.mark.django_db(transaction=True)
def test_replacing_a_file_removes_the_old_one_after_commit(settings):
    version = factories.DocumentLanguageVersionFactory()
    old = version.file.name

    version.file = ContentFile(b"%PDF-1.4 second edition", name="second.pdf")
    version.save()

    assert media_files(settings) == [version.file.name]
    assert version.file.name != old


def test_a_missing_file_is_a_404_with_a_clear_message_in_the_portal_and_the_api(reports, kz_coordinator, client):
    attachment = factories.ReportAttachmentFactory(report=reports["kz_draft"], title="Annex A")
    attachment.file.storage.delete(attachment.file.name)  # e.g. a restore of the database alone
    sign_in(client, kz_coordinator)

    portal = client.get(reverse("measures:attachment_download", args=[attachment.pk]))
    api = token_client(kz_coordinator).get(
        reverse("api:report-attachment-download", args=[reports["kz_draft"].pk, attachment.pk])
    )

    message = "The file of “Annex A.pdf” is missing from the file store."
    assert portal.status_code == 404
    assert message in portal.content.decode()
    assert api.status_code == 404
    assert message in api.json()["detail"]


def test_cleanup_orphan_files_lists_by_default_and_deletes_when_asked(reports, settings):
    attachment = factories.ReportAttachmentFactory(report=reports["kz_draft"])
    root = Path(settings.MEDIA_ROOT)
    orphan = root / "measures" / "reports" / "left-behind.pdf"
    orphan.write_bytes(b"%PDF-1.4 nobody's")
    fresh = root / "measures" / "reports" / "in-flight.pdf"
    fresh.write_bytes(b"%PDF-1.4 just written")
    an_hour_ago = (datetime.datetime.now() - datetime.timedelta(hours=2)).timestamp()
    os.utime(orphan, (an_hour_ago, an_hour_ago))
    os.utime(root / attachment.file.name, (an_hour_ago, an_hour_ago))

    listed = io.StringIO()
    call_command("cleanup_orphan_files", stdout=listed)
    assert listed.getvalue().splitlines() == [
        "measures/reports/left-behind.pdf",
        "orphan files: 1 (17 bytes), dry run, nothing deleted; --delete removes them",
    ]
    assert orphan.exists()

    deleted = io.StringIO()
    call_command("cleanup_orphan_files", "--delete", stdout=deleted)
    assert deleted.getvalue().splitlines()[-1] == "orphan files: 1 (17 bytes), deleted"
    assert not orphan.exists()
    assert fresh.exists() and (root / attachment.file.name).exists()
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(hours=3)):
        call_command("cleanup_orphan_files", "--delete", stdout=io.StringIO())
    assert not fresh.exists() and (root / attachment.file.name).exists()
