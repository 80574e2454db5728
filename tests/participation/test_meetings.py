"""A meeting's participating delegations are its accredited delegations, wherever they are read; lists cost a
constant number of queries."""

import pytest
from django.urls import reverse

from participation.choices import DelegationStatus
from participation.models import Delegation
from tests import factories
from tests.conftest import signed_in, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_with_delegations(kazakhstan, india):
    meeting = factories.MeetingFactory()
    factories.AccreditedDelegationFactory(meeting=meeting, country=kazakhstan)
    factories.DelegationFactory(meeting=meeting, country=india, status=DelegationStatus.SUBMITTED)
    return meeting


def test_only_accredited_delegations_participate(meeting_with_delegations, kazakhstan, india):
    meeting = meeting_with_delegations
    assert list(Delegation.objects.accredited().for_meeting(meeting).values_list("country__iso2", flat=True)) == ["KZ"]
    assert Delegation.objects.is_accredited(meeting, country=kazakhstan)
    assert not Delegation.objects.is_accredited(meeting, country=india)
    assert meeting.participating_countries() == [kazakhstan]


def test_the_meeting_api_and_page_show_the_accredited_delegations(meeting_with_delegations, officer, kz_coordinator):
    meeting = meeting_with_delegations
    body = token_client(officer).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["delegations"] == ["KZ"]
    page = signed_in(kz_coordinator).get(reverse("secretariat:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Kazakhstan" in page and "India" not in page


def test_the_delegations_api_list_costs_the_same_whatever_its_length(
    officer, open_meeting, django_assert_max_num_queries
):
    client = token_client(officer)

    def grow(n):
        for _ in range(n):
            delegation = factories.DelegationFactory(meeting=open_meeting)
            factories.ParticipantFactory(delegation=delegation, is_head=True)
            factories.ParticipantFactory(delegation=delegation)

    grow(2)
    client.get("/api/v1/delegations/")  # the token's first use is recorded once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/delegations/").status_code == 200
    grow(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/delegations/").json()["results"]) == 10
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert client.get("/api/v1/participants/").status_code == 200
    staff = signed_in(officer)
    with CaptureQueriesContext(connection) as page:
        assert staff.get(reverse("participation:delegation_list")).status_code == 200
    grow(5)
    with django_assert_max_num_queries(len(page.captured_queries)):
        assert staff.get(reverse("participation:delegation_list")).status_code == 200
