"""Workflow steps, referral, document revisions and lost-update protection through the API, as a partner's or a
coordinator's integration uses them."""

import datetime

import pytest

from secretariat.models import Decision
from tests import factories

pytestmark = pytest.mark.django_db

LATER = datetime.date(2031, 3, 1)


def day(offset):
    return LATER + datetime.timedelta(days=offset)


@pytest.fixture
def cycle():
    swg = factories.MeetingBodyFactory(code="SWG", level=1)
    cso = factories.MeetingBodyFactory(code="CSO", level=2)
    cfm = factories.MeetingBodyFactory(code="CFM", level=3)
    meetings = {
        body.code: factories.MeetingFactory(body=body, start_on=day(offset), end_on=day(offset))
        for body, offset in ((swg, 0), (cso, 30), (cfm, 60))
    }
    return meetings


def test_a_matter_is_referred_from_the_swg_to_the_cso_and_on_to_the_cfm_without_retyping(staff_api, cycle):
    recommendation = factories.DecisionFactory(
        meeting=cycle["SWG"],
        title="Rules of the CICA Support Fund",
        title_ru="Правила Фонда поддержки СВМДА",
        text="The SWG recommends the rules to the CSO.",
    )

    to_cso = staff_api.post(f"/api/v1/decisions/{recommendation.pk}/refer/", {}, format="json")
    assert to_cso.status_code == 201, to_cso.content
    at_cso = to_cso.json()
    to_cfm = staff_api.post(f"/api/v1/decisions/{at_cso['id']}/refer/", {"meeting": cycle["CFM"].pk}, format="json")
    assert to_cfm.status_code == 201, to_cfm.content
    at_cfm = to_cfm.json()

    assert (at_cso["body"], at_cfm["body"]) == ("CSO", "CFM")
    assert at_cfm["title"] == recommendation.title and at_cfm["text"] == recommendation.text
    assert at_cfm["title_ru"] == recommendation.title_ru
    assert at_cfm["lineage"] == [recommendation.pk, at_cso["id"], at_cfm["id"]]
    lower = staff_api.get(f"/api/v1/decisions/{recommendation.pk}/").json()
    assert lower["status"] == "referred" and lower["lineage"] == at_cfm["lineage"]
    assert staff_api.get(f"/api/v1/decisions/{at_cso['id']}/").json()["status"] == "referred"
    agenda = staff_api.get(f"/api/v1/meetings/{cycle['CFM'].pk}/").json()["agenda"]
    assert [item["title"] for item in agenda] == [recommendation.title]


def test_a_coordinator_cannot_refer_and_the_refusal_names_the_moves(kz_api, kz_coordinator, cycle):
    decision = factories.DecisionFactory(
        meeting=cycle["SWG"], responsible_party="member_state", responsible_country=kz_coordinator.country
    )
    response = kz_api.post(f"/api/v1/decisions/{decision.pk}/refer/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["status"] == [
        "“Refer up the meeting cycle” is not yours to take. It is open; the moves open to you are: in progress, "
        "implemented."
    ]
    assert Decision.objects.count() == 1


def test_the_steps_open_to_the_caller_are_listed(kz_api, staff_api, kz_coordinator):
    report = factories.ImplementationReportFactory(country=kz_coordinator.country)
    listed = kz_api.get(f"/api/v1/reports/{report.pk}/transitions/").json()
    assert listed == [{"name": "submit", "label": "Submit", "target": "submitted", "inputs": []}]
    kz_api.post(f"/api/v1/reports/{report.pk}/transitions/", {"transition": "submit"}, format="json")
    names = [step["name"] for step in staff_api.get(f"/api/v1/reports/{report.pk}/transitions/").json()]
    assert names == ["accept", "return"]


def test_returning_a_report_takes_the_feedback_as_the_steps_input(staff_api):
    report = factories.ImplementationReportFactory(status="submitted")
    url = f"/api/v1/reports/{report.pk}/transitions/"
    refused = staff_api.post(url, {"transition": "return"}, format="json")
    assert refused.status_code == 400 and "feedback" in refused.json()["errors"]
    done = staff_api.post(url, {"transition": "return", "feedback": "Add the Q2 seminars."}, format="json")
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["feedback"]) == ("returned", "Add the Q2 seminars.")


def test_a_change_from_an_older_copy_is_refused_with_412(kz_api, kz_coordinator):
    report = factories.ImplementationReportFactory(country=kz_coordinator.country, narrative="First.")
    url = f"/api/v1/reports/{report.pk}/"
    read = kz_api.get(url)
    etag = read["ETag"]
    first = kz_api.patch(url, {"narrative": "Second."}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] != etag
    stale = kz_api.patch(url, {"narrative": "Third, from the old copy."}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith("coord-kz changed this implementation report after you opened it")
    assert kz_api.get(url).json()["narrative"] == "Second."
    assert kz_api.patch(url, {"narrative": "Third."}, format="json", HTTP_IF_MATCH=first["ETag"]).status_code == 200


def test_a_document_gets_a_revision_whose_family_lists_every_version(staff_api, partner_api):
    original = factories.DocumentFactory(distribution="public", title="Draft rules")
    factories.DocumentLanguageVersionFactory(document=original, language="en")
    response = staff_api.post(
        f"/api/v1/documents/{original.pk}/revisions/", {"revision_kind": "revision"}, format="json"
    )
    assert response.status_code == 201, response.content
    revision = response.json()
    assert revision["symbol"] == f"{original.symbol}/Rev.1"
    assert [(d["symbol"], d["status"]) for d in revision["family"]] == [
        (original.symbol, "superseded"),
        (revision["symbol"], "current"),
    ]
    earlier = partner_api.get(f"/api/v1/documents/{original.pk}/").json()
    assert earlier["status"] == "superseded"
    download = partner_api.get(earlier["language_versions"][0]["download_url"])
    assert download.status_code == 200  # the earlier revision's file stays downloadable


def test_only_staff_issue_revisions(kz_api):
    original = factories.DocumentFactory(distribution="member_states")
    response = kz_api.post(f"/api/v1/documents/{original.pk}/revisions/", {"revision_kind": "revision"})
    assert response.status_code == 403
