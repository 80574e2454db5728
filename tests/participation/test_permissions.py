"""The permission matrix of participation: role x record x action x door, as tables written from the issue.

A state (its coordinators and focal points) sees its own delegation in full; only its focal points write it, while
nominations are open; everyone else who may read sees a delegation only once it is on an issued list of
participants, and never the participants' personal details. Staff see and do everything. (The rest of the API's
matrix: tests/api/test_permissions.py.)
"""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tokens import TokenScope
from core.workflows import importing
from participation.models import Delegation
from tests import factories
from tests.conftest import sign_in, token_client

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "partner",
    "partner_focal_point",
    "coordinator_kz",
    "coordinator_other",
    "focal_point_kz",
    "focal_point_other",
    "staff",
)

# API: (GET list, GET a listed row, GET Kazakhstan's draft row, POST, PATCH Kazakhstan's, DELETE Kazakhstan's)
ANONYMOUS = (401,) * 6
API_EXPECTED = {
    "delegation": {
        "anonymous": ANONYMOUS,
        "partner": (200, 200, 404, 403, 403, 403),
        "partner_focal_point": (200, 200, 404, 403, 404, 404),
        "coordinator_kz": (200, 200, 200, 403, 403, 403),
        "coordinator_other": (200, 200, 404, 403, 403, 403),
        "focal_point_kz": (200, 200, 200, 201, 200, 204),
        "focal_point_other": (200, 200, 404, 403, 404, 404),
        "staff": (200, 200, 200, 201, 200, 204),
    },
    # A focal point who may not see Kazakhstan's draft names it in a POST like an unknown id (400, "does not
    # exist"): nothing about the draft (its seats, its head) reaches another state.
    "participant": {
        "anonymous": ANONYMOUS,
        "partner": (200, 200, 404, 403, 403, 403),
        "partner_focal_point": (200, 200, 404, 400, 404, 404),
        "coordinator_kz": (200, 200, 200, 403, 403, 403),
        "coordinator_other": (200, 200, 404, 403, 403, 403),
        "focal_point_kz": (200, 200, 200, 201, 200, 204),
        "focal_point_other": (200, 200, 404, 400, 404, 404),
        "staff": (200, 200, 200, 201, 200, 204),
    },
    # Registrations: read by every reader, written by staff in the admin only.
    "registration": {
        "anonymous": ANONYMOUS,
        "partner": (200, 200, 200, 403, 403, 403),
        "partner_focal_point": (200, 200, 200, 403, 403, 403),
        "coordinator_kz": (200, 200, 200, 403, 403, 403),
        "coordinator_other": (200, 200, 200, 403, 403, 403),
        "focal_point_kz": (200, 200, 200, 403, 403, 403),
        "focal_point_other": (200, 200, 200, 403, 403, 403),
        "staff": (200, 200, 200, 405, 405, 405),
    },
}

# Portal: (Kazakhstan's delegation page, its credentials letter, its edit form, the form adding a participant,
# the Delegations page); 302 is the sign-in page.
PORTAL_EXPECTED = {
    "anonymous": (302, 302, 302, 302, 302),
    "partner": (403, 403, 403, 403, 403),  # a partner system uses the API only
    "partner_focal_point": (404, 404, 404, 404, 200),
    "coordinator_kz": (200, 200, 403, 403, 200),
    "coordinator_other": (404, 404, 404, 404, 200),
    "focal_point_kz": (200, 200, 200, 200, 200),
    "focal_point_other": (404, 404, 404, 404, 200),
    "staff": (200, 200, 200, 200, 200),
}


@pytest.fixture
def world(kazakhstan, india):
    swg = factories.MeetingBodyFactory(code="SWG")
    unodc = factories.PartnerOrganizationFactory(acronym="UNODC", name="UN Office on Drugs and Crime")
    day = datetime.date(2030, 3, 1)
    w = SimpleNamespace(kz=kazakhstan, india=india, unodc=unodc)
    w.open_meeting = factories.MeetingFactory(body=swg, number=5, start_on=day, end_on=day)
    w.other_meeting = factories.MeetingFactory(body=swg, number=6, start_on=day, end_on=day)
    w.held = factories.MeetingFactory(body=swg, number=1, start_on=datetime.date(2021, 3, 1), end_on=day)
    for meeting in (w.open_meeting, w.other_meeting):
        registration = factories.RegistrationFactory(meeting=meeting)
        registration.partners.add(unodc)
    w.kz_draft = factories.DelegationFactory(meeting=w.open_meeting, country=kazakhstan)
    w.kz_head = factories.ParticipantFactory(delegation=w.kz_draft, is_head=True, email="head@mfa.kz")
    # India's delegation to a held meeting: accredited, on the issued list of participants.
    w.listed = factories.AccreditedDelegationFactory(meeting=w.held, country=india)
    w.listed_head = factories.ParticipantFactory(delegation=w.listed, is_head=True, email="head@mea.in")
    with importing():
        registration = w.held.registration
        registration.participants_list = factories.DocumentFactory(meeting=w.held)
        registration.save()
    Delegation.objects.filter(pk=w.listed.pk).update(on_issued_list=True)  # as issuing the list marks it
    return w


@pytest.fixture
def users(officer, kz_coordinator, in_coordinator, kz_focal_point, in_focal_point, partner_system, world):
    return {
        "anonymous": None,
        "partner": partner_system,
        "partner_focal_point": factories.UserFactory(
            username="fp-unodc", role=Role.FOCAL_POINT, is_focal_point=True, partner=world.unodc
        ),
        "coordinator_kz": kz_coordinator,
        "coordinator_other": in_coordinator,
        "focal_point_kz": kz_focal_point,
        "focal_point_other": in_focal_point,
        "staff": officer,
    }


def api(user):
    if user is None:
        return APIClient()
    return token_client(user, TokenScope.READ if user.role == Role.SERVICE else None)


def api_rows(w, resource):
    """(listed row, Kazakhstan's row, POST body, PATCH body, a fresh row of Kazakhstan's to delete)."""
    if resource == "delegation":
        fresh = factories.DelegationFactory(meeting=w.other_meeting, country=w.kz)
        # The POST nominates Kazakhstan's delegation to a third meeting it has none to yet.
        third = factories.RegistrationFactory(meeting=factories.MeetingFactory(body=w.open_meeting.body)).meeting
        post = {"meeting": third.pk, "country": "KZ"}
        return w.listed, w.kz_draft, post, {"status": "submitted"}, fresh
    if resource == "participant":
        fresh = factories.ParticipantFactory(delegation=w.kz_draft, name="To remove")
        post = {"delegation": w.kz_draft.pk, "name": "Dana Sultanova"}
        return w.listed_head, w.kz_head, post, {"function": "Ambassador"}, fresh
    listed = w.held.registration
    return listed, w.open_meeting.registration, {"meeting": w.held.pk}, {"seats": 2}, w.other_meeting.registration


@pytest.mark.parametrize("resource", sorted(API_EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(world, users, resource, role):
    client = api(users[role])
    listed, own, post, patch, fresh = api_rows(world, resource)

    def url(obj=None):
        return reverse(f"api:{resource}-detail", args=[obj.pk]) if obj else reverse(f"api:{resource}-list")

    answers = [
        client.get(url()),
        client.get(url(listed)),
        client.get(url(own)),
        client.post(url(), post, format="json"),
        client.patch(url(own), patch, format="json"),
        client.delete(url(fresh)),
    ]
    for answer in answers:
        if answer.status_code >= 400:
            assert set(answer.json()) == {"detail", "errors"}, answer.content
    assert tuple(a.status_code for a in answers) == API_EXPECTED[resource][role], [a.content[:200] for a in answers]


@pytest.mark.parametrize("role", ROLES)
def test_personal_details_only_for_staff_and_the_own_state(world, users, role):
    if role == "anonymous":
        return
    client = api(users[role])
    rows = client.get(reverse("api:participant-list")).json()["results"]
    emails = {row["name"]: row["email"] for row in rows}
    own_state = role in ("coordinator_kz", "focal_point_kz")
    india = role in ("staff", "coordinator_other", "focal_point_other")
    assert emails[world.listed_head.name] == ("head@mea.in" if india else None)
    if own_state or role == "staff":
        assert emails[world.kz_head.name] == "head@mfa.kz"
    else:
        assert world.kz_head.name not in emails
    listed = client.get(reverse("api:delegation-detail", args=[world.listed.pk])).json()
    sees_credentials = role in ("staff", "coordinator_other", "focal_point_other")
    assert (listed["credentials_url"] is not None) == sees_credentials


@pytest.mark.parametrize("role", ROLES)
def test_portal_matrix(world, users, role):
    client = Client()
    if users[role] is not None:
        sign_in(client, users[role])
    pk = world.kz_draft.pk
    answers = [
        client.get(reverse("participation:delegation_detail", args=[pk])),
        client.get(reverse("participation:credentials", args=[pk])),
        client.get(reverse("participation:delegation_edit", args=[pk])),
        client.get(reverse("participation:participant_create", args=[pk])),
        client.get(reverse("participation:delegation_list")),
    ]
    assert tuple(a.status_code for a in answers) == PORTAL_EXPECTED[role]


def test_after_the_deadline_the_focal_point_reads_but_no_longer_writes(world, users):
    with importing():
        registration = world.open_meeting.registration
        registration.deadline = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
        registration.save()
    client = api(users["focal_point_kz"])
    assert client.get(reverse("api:delegation-detail", args=[world.kz_draft.pk])).status_code == 200
    late = client.patch(reverse("api:participant-detail", args=[world.kz_head.pk]), {"function": "X"}, format="json")
    assert late.status_code == 400 and "closed" in str(late.json())
    world.kz_head.refresh_from_db()
    assert world.kz_head.function != "X"
