"""The admin as staff meet it: the index shows their work first and the plumbing under one "System" group; history
reads as staff expect; the decision, MoU and meeting pages say what they mean; destructive steps look destructive."""

import datetime
import re

import pytest

from measures.choices import ReportStatus
from measures.workflows import REPORT_WORKFLOW
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

# What the issue names as the work and as the system, by admin URL (app label / model name).
WORK = {
    "Meetings and decisions": ["secretariat/meeting", "secretariat/decision"],
    "Catalogue of confidence building measures": ["measures/measure", "measures/activity"],
    "Implementation reports": ["measures/implementationreport"],
    "Partners": ["relations/partnerorganization", "relations/agreement"],
    "People and contributions": ["accounts/user", "secretariat/staffmember", "secretariat/contribution"],
}
SYSTEM = [
    "accounts/apitoken",
    "otp_totp/totpdevice",
    "otp_static/staticdevice",
    "axes/accessattempt",
    "django_celery_beat/periodictask",
    "django_celery_beat/clockedschedule",
    "django_celery_beat/solarschedule",
    "search/searchentry",
    "jobs/jobrun",
]


@pytest.fixture
def staff_client(client, officer):
    sign_in(client, officer)
    return client


def sections(html):
    """[(caption, [admin URLs of its models])] of the index, in the page's order."""
    found = []
    for caption, body in re.findall(r"<caption>\s*<a [^>]*>([^<]+)</a>\s*</caption>(.*?)</table>", html, re.S):
        found.append((caption.strip(), re.findall(r'href="/admin/([a-z_]+/[a-z]+)/"', body)))
    return found


def test_the_index_shows_the_work_first_and_the_plumbing_under_system(staff_client):
    found = sections(staff_client.get("/admin/").content.decode())
    captions = [caption for caption, _models in found]
    assert captions[-1] == "System"
    for caption, models in WORK.items():
        assert caption in captions[:-1], caption
        listed = dict(found)[caption]
        assert set(models) <= set(listed), (caption, listed)
    system = dict(found)["System"]
    assert set(SYSTEM) <= set(system), set(SYSTEM) - set(system)
    work = {model for caption, models in found[:-1] for model in models}
    assert not work & set(SYSTEM)


def test_an_empty_reviewer_reads_as_empty_in_the_history(staff_client, officer, kz_coordinator):
    report = factories.ImplementationReportFactory(country=kz_coordinator.country, narrative="Done.")
    REPORT_WORKFLOW.take(report, officer, "submit")
    report.refresh_from_db()
    REPORT_WORKFLOW.take(report, officer, "accept")
    html = staff_client.get(f"/admin/measures/implementationreport/{report.pk}/history/").content.decode()
    assert "Deleted" not in html and "pk=None" not in html and ">None<" not in html
    row = html[html.index("Reviewed by:") :].split("</li>")[0]
    assert "–" in row and str(officer) in row  # from nobody to the officer
    status = html[html.index("<strong>Status:</strong>") :].split("</li>")[0]
    assert str(ReportStatus.SUBMITTED.label) in status and str(ReportStatus.ACCEPTED.label) in status  # labels
    # Times in the reader's time zone and the one date style, never raw UTC.
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}", html)
    assert "+00:00" not in html


def test_a_decision_page_asks_for_its_progress_once(staff_client):
    decision = factories.DecisionFactory(progress=40)
    html = staff_client.get(f"/admin/secretariat/decision/{decision.pk}/change/").content.decode()
    assert len(re.findall(r"<label[^>]*>Progress \(%\)", html)) == 1
    # "Mark implemented" still works from the page: it sends 100% along.
    response = staff_client.post(
        f"/admin/secretariat/decision/{decision.pk}/change/",
        {"_workflow_step": "implement", "implement-progress": "100", "seen_version": decision.lock_version},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.progress) == ("implemented", 100)


def test_a_new_mou_says_why_its_status_cannot_be_chosen(staff_client):
    html = staff_client.get("/admin/relations/agreement/add/").content.decode()
    note = html[html.index('class="workflow-starts"') :].split("</p>")[0]
    assert "starts as “under negotiation”" in note and "Sign" in note


def test_cancel_looks_destructive_and_convene_does_not(staff_client):
    meeting = factories.MeetingFactory(start_on=datetime.date(2030, 1, 1), end_on=datetime.date(2030, 1, 2))
    html = staff_client.get(f"/admin/secretariat/meeting/{meeting.pk}/change/").content.decode()
    assert re.search(r'class="button destructive">Cancel<', html)
    assert re.search(r'class="button">Convene<', html)
