"""The permission matrix: role x resource x method -> status, as a table.

Statuses per role are (GET list, GET detail, POST, PATCH, DELETE). Detail, PATCH and DELETE act on objects every
reader may see, except where a row says otherwise: a coordinator of another state does not even see Kazakhstan's
draft report, so changing it answers 404, not 403.
"""

import datetime

import pytest
from django.urls import reverse

from measures.choices import ReportStatus
from measures.models import ImplementationReport
from secretariat.choices import Distribution
from tests import factories

from .conftest import ROLES

ANONYMOUS = (401, 401, 401, 401, 401)
READ_ONLY = (200, 200, 403, 403, 403)
EXPECTED = {
    # countries, sdgs, dimensions...: nobody writes them through the API (the admin does)
    "reference": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": READ_ONLY,
        "coordinator_other": READ_ONLY,
        "staff": (200, 200, 405, 405, 405),
    },
    # measures, meetings, documents, agreements...: the Secretariat manages them
    "staff": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": READ_ONLY,
        "coordinator_other": READ_ONLY,
        "staff": (200, 200, 201, 200, 204),
    },
    "reports": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": (200, 200, 201, 200, 403),
        "coordinator_other": (200, 200, 403, 404, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    "activities": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": (200, 200, 201, 200, 403),
        "coordinator_other": (200, 200, 403, 403, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    "decisions": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": (200, 200, 403, 200, 403),
        "coordinator_other": (200, 200, 403, 403, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    # texts under silence: staff put them; a state sees those that concern it (Kazakhstan's here)
    "silence": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": READ_ONLY,
        "coordinator_other": (200, 404, 403, 403, 403),
        "staff": (200, 200, 201, 200, 204),
    },
    # the states' answers: given only by a focal point of a concerned state (tests/silence/test_api.py), kept
    "silence_answers": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": READ_ONLY,
        "coordinator_other": (200, 404, 403, 403, 403),
        "staff": (200, 200, 403, 405, 405),
    },
}

# resource -> (kind, object shown, object changed, fresh object to delete, POST body, PATCH body)
RESOURCES = {
    "country": ("reference", lambda w: w.kz, None, None, None, None),
    "chairmanship": ("reference", lambda w: w.chairs[1], None, None, None, None),
    "priority": ("reference", lambda w: w.priority, None, None, None, None),
    "initiative": ("reference", lambda w: w.initiative, None, None, None, None),
    "sdg": ("reference", lambda w: w.sdg, None, None, None, None),
    "legalinstrument": ("reference", lambda w: w.instrument, None, None, None, None),
    "dimension": ("reference", lambda w: w.economic, None, None, None, None),
    "meetingbody": ("reference", lambda w: w.swg, None, None, None, None),
    "partner": ("reference", lambda w: w.partner, None, None, None, None),
    "measure": (
        "staff",
        lambda w: w.kz_measure,
        lambda w: w.kz_measure,
        lambda w: factories.MeasureFactory(),
        lambda w: {"code": "water", "dimension": "economic", "title": "Water", "status": "proposed"},
        lambda w: {"title": "Trade, investment and connectivity"},
    ),
    "coordination": (
        "staff",
        lambda w: w.kz_coordination,
        lambda w: w.kz_coordination,
        lambda w: factories.CoordinationFactory(country=w.kz),
        lambda w: {"measure": "military-contacts", "country": "KZ", "role": "coordinator", "start_on": "2021-01-01"},
        lambda w: {"note": "Renewed at the CSO."},
    ),
    "actionplan": (
        "staff",
        lambda w: w.kz_plan,
        lambda w: w.kz_plan,
        lambda w: factories.ActionPlanFactory(),
        lambda w: {
            "measure": "trade",
            "version": 9,
            "title": "Plan 2023-2024",
            "period_start": "2023-01-01",
            "period_end": "2024-12-31",
            "status": "draft",
        },
        lambda w: {"title": "Plan 2021-2022 (revised)"},
    ),
    "activity": (
        "activities",
        lambda w: w.kz_activity,
        lambda w: w.kz_activity,
        lambda w: factories.ActivityFactory(action_plan=w.kz_plan),
        lambda w: {"action_plan": w.kz_plan.pk, "title": "Trade seminar", "start_on": "2021-09-01"},
        lambda w: {"progress": 40, "status": "in_progress"},
    ),
    "report": (
        "reports",
        lambda w: w.kz_accepted,
        lambda w: w.kz_draft,
        lambda w: factories.ImplementationReportFactory(
            measure=w.kz_measure, country=w.kz, status=ReportStatus.ACCEPTED, period_start=datetime.date(2018, 1, 1)
        ),
        lambda w: {
            "measure": "trade",
            "country": "KZ",
            "period_start": "2021-07-01",
            "period_end": "2021-12-31",
            "narrative": "Two workshops held.",
        },
        lambda w: {"narrative": "Three workshops held.", "progress": 60},
    ),
    "meeting": (
        "staff",
        lambda w: w.meeting,
        lambda w: w.meeting,
        lambda w: factories.MeetingFactory(),
        lambda w: {"body": "SWG", "number": 99, "start_on": "2022-03-01", "end_on": "2022-03-02"},
        lambda w: {"venue": "Astana"},
    ),
    "document": (
        "staff",
        lambda w: w.public_doc,
        lambda w: w.public_doc,
        lambda w: factories.DocumentFactory(distribution=Distribution.PUBLIC),
        lambda w: {"title": "Concept note", "meeting": w.meeting.pk, "distribution": "public"},
        lambda w: {"title": "Concept note (rev. 1)"},
    ),
    "decision": (
        "decisions",
        lambda w: w.kz_decision,
        lambda w: w.kz_decision,
        lambda w: factories.DecisionFactory(),
        lambda w: {"meeting": w.meeting.pk, "number": 50, "title": "Budget", "text": "Adopted."},
        lambda w: {"progress": 50, "status": "in_progress"},
    ),
    "agreement": (
        "staff",
        lambda w: w.agreement,
        lambda w: w.agreement,
        lambda w: factories.AgreementFactory(),
        lambda w: {"partner": "UNODC", "title": "Protocol on cooperation", "kind": "protocol"},
        lambda w: {"note": "Renewal under discussion."},
    ),
    "jointactivity": (
        "staff",
        lambda w: w.joint_activity,
        lambda w: w.joint_activity,
        lambda w: factories.JointActivityFactory(agreement=w.agreement),
        lambda w: {"agreement": w.agreement.pk, "title": "Joint training", "start_on": "2021-11-01"},
        lambda w: {"progress": 20},
    ),
}


def under_silence(w):
    """Kazakhstan's decision under silence, concerning Kazakhstan only, with Kazakhstan's answer (made once)."""
    if not hasattr(w, "silence"):
        w.silence = factories.SilenceProcedureFactory(body=w.swg, decision=w.kz_decision, states=[w.kz])
        w.silence_answer = factories.SilenceResponseFactory(
            procedure=w.silence, country=w.kz, kind="consensus", text=""
        )
    return w.silence


RESOURCES["silenceprocedure"] = (
    "silence",
    under_silence,
    under_silence,
    lambda w: factories.SilenceProcedureFactory(body=w.swg, decision=w.kz_decision, status="draft"),
    lambda w: {"body": "SWG", "decision": w.kz_decision.pk, "expires_at": "2030-01-10T18:00:00+05:00"},
    lambda w: {"note": "Circulated at the Chair's request."},
)
RESOURCES["silenceresponse"] = (
    "silence_answers",
    lambda w: under_silence(w) and w.silence_answer,
    None,
    lambda w: factories.SilenceResponseFactory(procedure=under_silence(w), country=w.india),
    lambda w: {"procedure": under_silence(w).pk, "kind": "objection", "text": "Paragraph 2 needs work."},
    None,  # an answer is never changed
)

CASES = [
    pytest.param(resource, role, EXPECTED[spec[0]][role], id=f"{resource}-{role}")
    for resource, spec in RESOURCES.items()
    for role in ROLES
]


def status_codes(client, world, resource):
    """(GET list, GET detail, POST, PATCH, DELETE) as the client gets them; each answer in the one shape."""
    _kind, shown, changed, fresh, post_body, patch_body = RESOURCES[resource]
    endpoint = SPEAKERS_ENDPOINTS.get(resource, resource)
    list_url = reverse(f"api:{endpoint}-list")

    def detail_url(obj):
        return reverse(f"api:{endpoint}-detail", args=[obj.pk])

    responses = [
        client.get(list_url),
        client.get(detail_url(shown(world))),
        client.post(list_url, post_body(world) if post_body else {}, format="json"),
        client.patch(
            detail_url(changed(world) if changed else shown(world)),
            patch_body(world) if patch_body else {},
            format="json",
        ),
        client.delete(detail_url(fresh(world) if fresh else shown(world))),
    ]
    for response in responses:
        if response.status_code >= 400:
            assert set(response.json()) == {"detail", "errors"}, response.content
    return tuple(r.status_code for r in responses)


@pytest.mark.parametrize(("resource", "role", "expected"), CASES)
def test_permission_matrix(world, clients, resource, role, expected):
    """Each position: GET list, GET detail, POST, PATCH, DELETE."""
    assert status_codes(clients[role], world, resource) == expected


def test_a_write_refused_after_saving_leaves_nothing_behind(world, clients):
    """India's coordinator filing a report in Kazakhstan's name: saved, checked, refused and rolled back."""
    before = ImplementationReport.objects.count()
    response = clients["coordinator_other"].post(
        reverse("api:report-list"), RESOURCES["report"][4](world), format="json"
    )
    assert response.status_code == 403
    assert ImplementationReport.objects.count() == before


# The Concept 2.5 roll-ups (the Secretariat's staff, the states' payments): staff only, read only.
# Statuses per role are (GET, POST).
SECRETARIAT_REPORTS = ("/api/v1/rollups/staff/", "/api/v1/rollups/contributions/")
SECRETARIAT_REPORT_EXPECTED = {
    "anonymous": (401, 401),
    "partner": (403, 403),
    "coordinator_kz": (403, 403),
    "coordinator_other": (403, 403),
    "staff": (200, 405),
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", SECRETARIAT_REPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_secretariat_reports_permission_matrix(clients, role, url):
    client = clients[role]
    assert (client.get(url).status_code, client.post(url, {}, format="json").status_code) == (
        SECRETARIAT_REPORT_EXPECTED[role]
    )


# Issue 21: lists of speakers, inscriptions and statements. National focal points write here, coordinators do not;
# a focal point of another state (India's) neither sees Kazakhstan's unpublished statement nor writes for Kazakhstan.
SPEAKERS_ROLES = ("anonymous", "partner", "coordinator_kz", "focal_point_kz", "focal_point_other", "staff")
STAFF_WRITES = (200, 200, 201, 200, 204)
SPEAKERS_EXPECTED = {
    "speakerslist": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": READ_ONLY,
        "focal_point_kz": READ_ONLY,
        "focal_point_other": READ_ONLY,
        "staff": STAFF_WRITES,
    },
    # an inscription once its state has been called: the meeting's record, staff's alone to change
    "inscription": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": READ_ONLY,
        "focal_point_kz": (200, 200, 201, 403, 403),
        "focal_point_other": (200, 200, 403, 403, 403),
        "staff": STAFF_WRITES,
    },
    # its own state's inscription while the list is open and the state not called: who speaks, or withdrawn
    "inscription_open": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": READ_ONLY,
        "focal_point_kz": (200, 200, 201, 200, 204),
        "focal_point_other": (200, 200, 403, 403, 403),
        "staff": STAFF_WRITES,
    },
    "statement": {
        "anonymous": ANONYMOUS,
        "partner": READ_ONLY,
        "coordinator_kz": READ_ONLY,
        "focal_point_kz": (200, 200, 201, 200, 403),
        "focal_point_other": (200, 200, 403, 404, 403),
        "staff": STAFF_WRITES,
    },
}


@pytest.fixture
def speakers(world, kz_focal_point, in_focal_point):
    """Kazakhstan and India accredited to the SWG meeting; Kazakhstan spoke on item 1 and has a published and a
    submitted statement there; item 2's list is open and empty; on item 3's Kazakhstan is inscribed and not called."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    s = world
    for country in (s.kz, s.india):
        factories.accredited_delegation(s.meeting, country)
    s.list = factories.SpeakersListFactory(agenda_item=s.agenda_item)
    s.open_list = factories.SpeakersListFactory(agenda_item=factories.AgendaItemFactory(meeting=s.meeting))
    s.spoke = factories.InscriptionFactory(speakers_list=s.list, country=s.kz, status="spoke")
    s.published = factories.StatementFactory(speakers_list=s.list, country=s.kz, status="published", language="en")
    s.submitted = factories.StatementFactory(speakers_list=s.list, country=s.kz, language="fr")
    s.another_open_list = lambda: factories.SpeakersListFactory(
        agenda_item=factories.AgendaItemFactory(meeting=s.meeting)
    )
    s.inscribed = factories.InscriptionFactory(speakers_list=s.another_open_list(), country=s.kz)
    s.pdf = lambda: SimpleUploadedFile("statement.pdf", b"%PDF-1.4 statement", content_type="application/pdf")
    return s


# resource -> (object shown, object changed, fresh object to delete, POST body, PATCH body, POST format)
SPEAKERS_RESOURCES = {
    "speakerslist": (
        lambda s: s.list,
        lambda s: s.list,
        lambda s: factories.SpeakersListFactory(agenda_item=factories.AgendaItemFactory(meeting=s.meeting)),
        lambda s: {"agenda_item": factories.AgendaItemFactory(meeting=s.meeting).pk},
        lambda s: {"closes_at": "2021-06-22T12:00:00Z"},
        "json",
    ),
    "inscription": (
        lambda s: s.spoke,
        lambda s: s.spoke,
        lambda s: factories.InscriptionFactory(speakers_list=s.open_list, country=s.india, status="spoke"),
        lambda s: {"speakers_list": s.open_list.pk, "country": "KZ", "rank": "minister"},
        lambda s: {"speaker": "H.E. the Minister for Foreign Affairs"},
        "json",
    ),
    "inscription_open": (
        lambda s: s.inscribed,
        lambda s: s.inscribed,
        lambda s: factories.InscriptionFactory(speakers_list=s.another_open_list(), country=s.kz),
        lambda s: {"speakers_list": s.another_open_list().pk, "country": "KZ", "rank": "minister"},
        lambda s: {"speaker": "H.E. the Minister for Foreign Affairs", "rank": "minister"},
        "json",
    ),
    "statement": (
        lambda s: s.published,
        lambda s: s.submitted,
        lambda s: factories.StatementFactory(speakers_list=s.list, country=s.kz, language="de"),
        lambda s: {"speakers_list": s.list.pk, "country": "KZ", "language": "ru", "file": s.pdf()},
        lambda s: {"title": "Statement of Kazakhstan (corrected)"},
        "multipart",
    ),
}

# Two rows of the matrix on one endpoint: inscriptions called and not yet called.
SPEAKERS_ENDPOINTS = {"inscription_open": "inscription"}

SPEAKERS_CASES = [
    pytest.param(resource, role, SPEAKERS_EXPECTED[resource][role], id=f"{resource}-{role}")
    for resource in SPEAKERS_RESOURCES
    for role in SPEAKERS_ROLES
]


@pytest.mark.parametrize(("resource", "role", "expected"), SPEAKERS_CASES)
def test_speakers_permission_matrix(speakers, clients, kz_focal_point, in_focal_point, resource, role, expected):
    """Each position: GET list, GET detail, POST, PATCH, DELETE."""
    from tests.conftest import token_client

    client = {
        **clients,
        "focal_point_kz": token_client(kz_focal_point),
        "focal_point_other": token_client(in_focal_point),
    }[role]
    shown, changed, fresh, post_body, patch_body, post_format = SPEAKERS_RESOURCES[resource]
    endpoint = SPEAKERS_ENDPOINTS.get(resource, resource)
    list_url = reverse(f"api:{endpoint}-list")

    def detail_url(obj):
        return reverse(f"api:{endpoint}-detail", args=[obj.pk])

    responses = [
        client.get(list_url),
        client.get(detail_url(shown(speakers))),
        client.post(list_url, post_body(speakers), format=post_format),
        client.patch(detail_url(changed(speakers)), patch_body(speakers), format="json"),
        client.delete(detail_url(fresh(speakers))),
    ]
    for response in responses:
        if response.status_code >= 400:
            assert set(response.json()) == {"detail", "errors"}, response.content
    assert tuple(r.status_code for r in responses) == expected
