"""A reminder run costs what is due today, not the overdue backlog: a same-day rerun finds everything claimed in
one query per rule and sends nothing, in the same few queries for 30 overdue items as for 300, through one mail
connection per run."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import ImplementationReport
from notifications import sending
from notifications.models import ReminderDelivery
from notifications.services import send_reminders
from secretariat.choices import ResponsibleParty
from secretariat.models import Decision
from tests import factories

from .conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def backlog(make_rule, kazakhstan, india):
    """Overdue reports and decisions in bulk (no per-row saves), coordinators in both countries, and the rules."""
    factories.CoordinatorFactory(country=kazakhstan)
    factories.CoordinatorFactory(country=india)
    make_rule("report_overdue", notify_coordinators=True)
    make_rule("decision_overdue", notify_responsible=True)
    meeting = factories.MeetingFactory()
    measures = [factories.MeasureFactory() for _ in range(3)]

    def grow(n):
        start = ImplementationReport.objects.count()
        ImplementationReport.objects.bulk_create(
            ImplementationReport(
                measure=measures[i % 3],
                country=(kazakhstan, india)[i % 2],
                period_start=days(-3000 + 7 * i),
                period_end=days(-2995 + 7 * i),
                due_on=days(-10),
                narrative="",
            )
            for i in range(start, start + n)
        )
        first = Decision.objects.count() + 1
        Decision.objects.bulk_create(
            Decision(
                meeting=meeting,
                number=number,
                title=f"Decision {number}",
                responsible_party=ResponsibleParty.MEMBER_STATE,
                responsible_country=(kazakhstan, india)[number % 2],
                deadline=days(-5),
            )
            for number in range(first, first + n)
        )

    return grow


def rerun_queries(on):
    with CaptureQueriesContext(connection) as captured:
        result = send_reminders(on)
    assert (result.sent, result.failed) == (0, 0)
    return len(captured.captured_queries)


def test_a_same_day_rerun_sends_nothing_in_the_same_few_queries_for_30_or_300_overdue_items(
    backlog, frozen_today, django_assert_max_num_queries
):
    backlog(15)  # 15 reports + 15 decisions
    assert send_reminders(frozen_today).sent == 30
    few = rerun_queries(frozen_today)

    backlog(135)  # 150 + 150
    assert send_reminders(frozen_today).sent == 270  # only the new ones
    with django_assert_max_num_queries(100):
        result = send_reminders(frozen_today)
    assert result.sent == 0 and result.skipped == 300
    assert rerun_queries(frozen_today) == few
    assert ReminderDelivery.objects.count() == 300


def test_a_run_opens_one_mail_connection_for_all_its_deliveries(backlog, frozen_today, monkeypatch):
    opened = []
    original = sending.get_connection

    def counting(*args, **kwargs):
        opened.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(sending, "get_connection", counting)
    backlog(20)
    result = send_reminders(frozen_today)

    assert result.sent == 40 and len(mail.outbox) == 40
    assert len(opened) == 1


def test_the_first_run_costs_in_proportion_to_the_deliveries_it_makes(backlog, frozen_today):
    backlog(10)
    with CaptureQueriesContext(connection) as twenty:
        assert send_reminders(frozen_today).sent == 20
    ReminderDelivery.objects.all().delete()
    backlog(40)
    with CaptureQueriesContext(connection) as hundred:
        assert send_reminders(frozen_today).sent == 100

    per_delivery = (len(hundred.captured_queries) - len(twenty.captured_queries)) / 80
    assert per_delivery <= 6  # a delivery's own lease, send and record; nothing that grows with the backlog
