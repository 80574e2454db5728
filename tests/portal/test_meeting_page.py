"""A meeting's page stays short however much the meeting gathers: each long part shows its first rows and links to
the list of all of them (issue 22: a large meeting's page weighed 274 KB)."""

import datetime
import re

from django.urls import reverse

from tests import factories
from tests.conftest import sign_in

SHOWN = 20


def test_long_parts_show_their_first_rows_and_link_to_all(client, kz_coordinator):
    body = factories.MeetingBodyFactory(code="SWG")
    earlier = factories.MeetingFactory(body=body, start_on=datetime.date(2020, 1, 1), end_on=datetime.date(2020, 1, 2))
    meeting = factories.MeetingFactory(body=body, start_on=datetime.date(2021, 1, 1), end_on=datetime.date(2021, 1, 2))
    factories.DecisionFactory.create_batch(SHOWN + 5, meeting=meeting)
    pending = factories.DecisionFactory.create_batch(SHOWN + 5, meeting=earlier, status="open")
    sign_in(client, kz_coordinator)

    page = client.get(reverse("secretariat:meeting_detail", args=[meeting.pk])).content.decode()

    decision_links = re.findall(r'href="/portal/decisions/(\d+)/"', page)
    assert len(decision_links) == 2 * SHOWN  # the meeting's first 20, and the 20 most recent still open
    all_of_meeting = f'href="/portal/decisions/?meeting={meeting.pk}"'
    all_pending = 'href="/portal/decisions/?body=SWG&amp;open=true"'
    assert all_of_meeting in page and all_pending in page
    listed = client.get("/portal/decisions/", {"body": "SWG", "open": "true"}).context["paginator"].count
    assert listed == len(pending) + SHOWN + 5  # every open decision of the body, this meeting's among them


def test_short_parts_are_shown_whole_without_a_link(client, kz_coordinator):
    meeting = factories.MeetingFactory()
    factories.DecisionFactory.create_batch(3, meeting=meeting)
    sign_in(client, kz_coordinator)
    page = client.get(reverse("secretariat:meeting_detail", args=[meeting.pk])).content.decode()
    assert len(re.findall(r'href="/portal/decisions/(\d+)/"', page)) == 3
    assert "/portal/decisions/?meeting=" not in page
