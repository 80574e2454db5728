"""Every list and detail page runs a fixed number of queries; the calendar and its iCalendar feed."""

import datetime

import icalendar
from django.urls import reverse

from portal.models import CalendarToken
from secretariat.choices import ResponsibleParty
from tests import factories
from tests.conftest import sign_in


def grow(catalogue, n):
    """n more of everything around Kazakhstan's measure."""
    kz = catalogue["kz_measure"]
    country = catalogue["kz_draft"].country
    for i in range(n):
        measure = factories.MeasureFactory(dimension=catalogue["dimension"])
        factories.CoordinationFactory(measure=measure, country=country)
        factories.ActivityFactory(action_plan=catalogue["kz_plan"])
        factories.ImplementationReportFactory(measure=measure, country=country, due_on=datetime.date(2030, 1, 1))
        meeting = factories.MeetingFactory(start_on=datetime.date(2030, 7, 1 + i), end_on=datetime.date(2030, 7, 1 + i))
        factories.AgendaItemFactory(meeting=catalogue["meeting"])
        factories.DocumentFactory(meeting=catalogue["meeting"], measure=None)
        factories.DecisionFactory(
            meeting=meeting, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=country, measure=kz
        )


def pages(catalogue):
    return [
        reverse("portal:dashboard"),
        reverse("measures:dimension_list"),
        reverse("measures:measure_list"),
        reverse("measures:report_list"),
        reverse("measures:activity_list"),
        reverse("secretariat:meeting_list"),
        reverse("secretariat:decision_list"),
        reverse("portal:calendar") + "?month=2030-07",
        reverse("measures:measure_detail", args=[catalogue["kz_measure"].pk]),
        reverse("measures:dimension_detail", args=[catalogue["dimension"].pk]),
        reverse("secretariat:meeting_detail", args=[catalogue["meeting"].pk]),
        reverse("measures:report_detail", args=[catalogue["kz_draft"].pk]),
        reverse("secretariat:decision_detail", args=[catalogue["kz_decision"].pk]),
    ]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_run_the_same_number_of_queries_for_few_and_many_rows(
    kz_client, catalogue, django_assert_max_num_queries
):
    few = {url: count_queries(kz_client, url) for url in pages(catalogue)}
    grow(catalogue, 8)
    for url, queries in few.items():
        with django_assert_max_num_queries(queries, info=url):
            assert kz_client.get(url).status_code == 200


def test_the_month_calendar_shows_meetings_and_document_deadlines(kz_client, catalogue):
    page = kz_client.get(reverse("portal:calendar"), {"month": "2030-06"}).content.decode()
    code = catalogue["meeting"].body.code
    assert f"{code} {catalogue['meeting'].number}" in page
    assert "Documents due:" in page


def test_the_feed_is_valid_icalendar_with_meetings_deadlines_and_reports(
    client, kz_coordinator, catalogue, time_machine
):
    time_machine.move_to(datetime.datetime(2021, 6, 1, 12, 0))
    kz_client = client
    sign_in(kz_client, kz_coordinator)
    page = kz_client.get(reverse("portal:subscribe")).content.decode()
    token = CalendarToken.objects.get(user=kz_coordinator).token
    assert token in page
    client.logout()  # a calendar program does not sign in
    response = client.get(reverse("portal:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    meeting = catalogue["meeting"]
    assert any(s.startswith(f"{meeting.body.code} {meeting.number}") for s in events)
    deadline = next(e for s, e in events.items() if s.startswith("Documents due"))
    assert deadline.decoded("dtstart") == datetime.date(2030, 6, 1)
    assert any(s.startswith("Report due: Energy security") for s in events)
    assert not any("Tourism" in s for s in events)  # India's report is not Kazakhstan's business


def test_a_wrong_or_rotated_token_gets_nothing(client, kz_coordinator, partner_system):
    token = CalendarToken.objects.for_user(kz_coordinator)
    old = token.token
    sign_in(client, kz_coordinator)
    client.post(reverse("portal:subscribe"))
    assert client.get(reverse("portal:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("portal:calendar_feed", args=["not-a-token"])).status_code == 404
    service_token = CalendarToken.objects.for_user(partner_system)
    assert client.get(reverse("portal:calendar_feed", args=[service_token.token])).status_code == 404
