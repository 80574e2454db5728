"""Writing through the portal: reports, activities and decisions; bad input and other countries' rows change nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.choices import ReportStatus
from measures.models import Activity, ImplementationReport, ReportAttachment
from secretariat.choices import DecisionStatus
from tests.conftest import sign_in

PDF = b"%PDF-1.4 minimal"


def report_data(**overrides):
    data = {"period_start": "2025-01-01", "period_end": "2025-06-30", "progress": "40", "narrative": "Seminar held."}
    data.update(overrides)
    return data


def test_a_coordinator_saves_a_draft_with_an_attachment(kz_client, catalogue):
    url = reverse("measures:report_create", args=[catalogue["kz_measure"].pk])
    data = report_data(attachments=SimpleUploadedFile("annex.pdf", PDF, "application/pdf"), save="1")
    response = kz_client.post(url, data)
    report = ImplementationReport.objects.get(period_start=datetime.date(2025, 1, 1))
    assert response.status_code == 302
    assert report.status == ReportStatus.DRAFT and report.country.iso2 == "KZ"
    assert report.attachments.get().file.read() == PDF
    assert report.history.first().history_user.username == "coord-kz"


def test_a_coordinator_submits_a_report(kz_client, catalogue):
    url = reverse("measures:report_create", args=[catalogue["kz_measure"].pk])
    kz_client.post(url, report_data(submit="1"))
    report = ImplementationReport.objects.get(period_start=datetime.date(2025, 1, 1))
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None
    page = kz_client.get(reverse("measures:report_detail", args=[report.pk])).content.decode()
    assert "submitted" in page and "Status history" in page


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"period_end": "2024-12-31"}, "cannot be before its start"),
        ({"period_start": ""}, "This field is required"),
        ({"narrative": "", "submit": "1"}, "Describe the implementation before submitting"),
        ({"attachments": SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")}, "not accepted"),
        ({"attachments": SimpleUploadedFile("fake.pdf", b"MZ\x90", "application/pdf")}, "does not look like"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(kz_client, catalogue, overrides, field_error):
    before = ImplementationReport.objects.count(), ReportAttachment.objects.count()
    response = kz_client.post(
        reverse("measures:report_create", args=[catalogue["kz_measure"].pk]), report_data(**overrides)
    )
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert (ImplementationReport.objects.count(), ReportAttachment.objects.count()) == before


def test_a_too_large_file_is_refused(kz_client, catalogue, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 10
    data = report_data(attachments=SimpleUploadedFile("big.pdf", PDF + b"x" * 20, "application/pdf"))
    response = kz_client.post(reverse("measures:report_create", args=[catalogue["kz_measure"].pk]), data)
    assert response.status_code == 400 and "too large" in response.content.decode()
    assert not ReportAttachment.objects.exists()


def test_submitting_twice_is_refused_with_a_message(kz_client, catalogue):
    report = catalogue["kz_draft"]
    assert kz_client.post(reverse("measures:report_submit", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    submitted_at = report.submitted_at
    response = kz_client.post(reverse("measures:report_edit", args=[report.pk]), report_data(submit="1"))
    # 409: the form no longer applies to the report as it now stands; it is shown again, nothing saved
    assert response.status_code == 409 and "already submitted" in response.content.decode()
    again = kz_client.post(reverse("measures:report_submit", args=[report.pk]), follow=True)
    assert "already submitted" in again.content.decode()
    report.refresh_from_db()
    assert report.submitted_at == submitted_at and report.narrative == "Progress made on the action plan."


def test_a_returned_report_shows_the_feedback_and_can_be_resubmitted(kz_client, catalogue, officer):
    from measures.workflows import REPORT_WORKFLOW

    report = REPORT_WORKFLOW.take(catalogue["kz_draft"], officer, "submit")
    REPORT_WORKFLOW.take(report, officer, "return", feedback="Please add the seminar's outcome.")
    page = kz_client.get(reverse("measures:report_edit", args=[report.pk])).content.decode()
    assert "Please add the seminar&#x27;s outcome." in page
    kz_client.post(reverse("measures:report_edit", args=[report.pk]), report_data(submit="1"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_another_countrys_report_and_measure_are_refused_and_unchanged(kz_client, catalogue):
    in_draft, in_measure = catalogue["in_draft"], catalogue["in_measure"]
    # Another country's draft is not even visible: 404, as on its page, so its existence is not given away.
    assert kz_client.get(reverse("measures:report_detail", args=[in_draft.pk])).status_code == 404
    assert kz_client.post(reverse("measures:report_edit", args=[in_draft.pk]), report_data()).status_code == 404
    assert kz_client.post(reverse("measures:report_submit", args=[in_draft.pk])).status_code == 404
    assert kz_client.post(reverse("measures:report_create", args=[in_measure.pk]), report_data()).status_code == 403
    in_draft.refresh_from_db()
    assert in_draft.status == ReportStatus.DRAFT and in_draft.narrative == "Progress made on the action plan."
    assert not ImplementationReport.objects.filter(measure=in_measure, country__iso2="KZ").exists()


def activity_data(**overrides):
    data = {
        "title": "Energy seminar",
        "kind": "seminar",
        "start_on": "2025-09-01",
        "end_on": "2025-09-02",
        "venue": "Astana",
        "status": "planned",
        "progress": "0",
        "description": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_adds_and_updates_activities(kz_client, catalogue):
    plan, activity = catalogue["kz_plan"], catalogue["kz_activity"]
    assert kz_client.post(reverse("measures:activity_create", args=[plan.pk]), activity_data()).status_code == 302
    assert plan.activities.filter(title="Energy seminar").exists()
    response = kz_client.post(
        reverse("measures:activity_edit", args=[activity.pk]),
        activity_data(title="Renamed", status="in_progress", progress="50"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.progress) == ("Renamed", 50)


def test_an_activity_ending_before_it_starts_is_refused(kz_client, catalogue):
    plan = catalogue["kz_plan"]
    count = Activity.objects.count()
    response = kz_client.post(reverse("measures:activity_create", args=[plan.pk]), activity_data(end_on="2025-08-01"))
    assert response.status_code == 400 and "cannot be before the start date" in response.content.decode()
    response = kz_client.post(reverse("measures:activity_create", args=[plan.pk]), activity_data(title=""))
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert Activity.objects.count() == count


def test_activities_of_another_countrys_measure_are_403(kz_client, catalogue):
    in_plan, in_activity = catalogue["in_plan"], catalogue["in_activity"]
    assert kz_client.post(reverse("measures:activity_create", args=[in_plan.pk]), activity_data()).status_code == 403
    assert kz_client.post(reverse("measures:activity_edit", args=[in_activity.pk]), activity_data()).status_code == 403
    in_activity.refresh_from_db()
    assert in_activity.title != "Energy seminar" and not in_plan.activities.filter(title="Energy seminar").exists()


def test_a_coordinator_reports_progress_on_their_decision(kz_client, catalogue):
    decision = catalogue["kz_decision"]
    url = reverse("secretariat:decision_edit", args=[decision.pk])
    assert kz_client.post(url, {"progress": "60", "status": "in_progress"}).status_code == 302
    decision.refresh_from_db()
    assert (decision.progress, decision.status) == (60, DecisionStatus.IN_PROGRESS)
    response = kz_client.post(url, {"progress": "60", "status": "cancelled"})
    assert response.status_code == 400  # a coordinator may not cancel a decision
    response = kz_client.post(url, {"progress": "60", "status": "implemented"})
    assert response.status_code == 400 and "100" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_PROGRESS


def test_another_countrys_decision_is_403_and_unchanged(kz_client, catalogue):
    decision = catalogue["in_decision"]
    response = kz_client.post(
        reverse("secretariat:decision_edit", args=[decision.pk]), {"progress": "90", "status": "in_progress"}
    )
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.progress == 0 and decision.status == DecisionStatus.OPEN


def test_attachments_are_only_served_to_those_who_may_see_the_report(client, kz_coordinator, in_coordinator, catalogue):
    attachment = ReportAttachment.objects.create(
        report=catalogue["kz_draft"], title="annex.pdf", file=SimpleUploadedFile("annex.pdf", PDF)
    )
    url = reverse("measures:attachment_download", args=[attachment.pk])
    sign_in(client, kz_coordinator)
    assert b"".join(client.get(url).streaming_content) == PDF
    sign_in(client, in_coordinator)
    assert client.get(url).status_code == 404
