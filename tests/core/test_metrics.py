"""GET /metrics: Prometheus' text for the operator only; the portal's gauges move with what they count."""

import datetime
import re
import smtplib

import pytest
import time_machine
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from jobs.choices import JobOutcome
from jobs.models import JobRun, OutboxTask
from notifications import services
from notifications.models import ReminderRule
from secretariat.choices import ResponsibleParty
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-metrics-token"
PORTAL_GAUGES = (
    "cica_reminders_pending",
    "cica_reminders_failed",
    "cica_webhook_deliveries_waiting",
    "cica_webhook_deliveries_failed",
    "cica_job_last_success_age_seconds",
    "cica_outbox_backlog",
    "cica_outbox_oldest_age_seconds",
)


@pytest.fixture(autouse=True)
def _operator(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []


def scrape(client=None, **headers):
    response = (client or Client()).get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers)
    assert response.status_code == 200, response.content
    return response.content.decode()


def value(text, name, **labels):
    selector = ",".join(f'{key}="{val}"' for key, val in labels.items())
    pattern = rf"^{re.escape(name)}{re.escape('{' + selector + '}') if labels else ''} (\S+)$"
    found = re.search(pattern, text, re.MULTILINE)
    assert found, f"{name} {labels} not in the metrics"
    return float(found.group(1))


def test_nobody_but_the_operator_reads_them(settings):
    assert Client().get("/metrics").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Token {TOKEN}").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403  # no token: none accepted


def test_an_allowed_network_reads_them_without_a_token(settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 403
    # Behind the trusted proxy the client's own address counts, not the proxy's.
    settings.TRUSTED_PROXY_COUNT = 1
    assert Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9").get("/metrics").status_code == 403


def test_they_show_the_portals_gauges_and_django_prometheus_requests_and_database(officer):
    JobRun.objects.create(job="rollup_status", started_at=datetime.datetime(2021, 6, 1, 2, tzinfo=datetime.UTC))
    text = scrape()
    for name in PORTAL_GAUGES:
        assert f"# TYPE {name} gauge" in text
    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert "django_db_execute_total" in text


def test_the_outbox_and_the_jobs_gauges_follow_the_rows():
    with time_machine.travel(datetime.datetime(2021, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        JobRun.objects.create(
            job="rollup_status",
            started_at=datetime.datetime(2021, 6, 1, 2, tzinfo=datetime.UTC),
            finished_at=datetime.datetime(2021, 6, 1, 2, 0, 30, tzinfo=datetime.UTC),
            outcome=JobOutcome.OK,
        )
        JobRun.objects.create(  # a later failure is no success
            job="rollup_status",
            started_at=datetime.datetime(2021, 6, 1, 11, tzinfo=datetime.UTC),
            finished_at=datetime.datetime(2021, 6, 1, 11, 0, 5, tzinfo=datetime.UTC),
            outcome=JobOutcome.FAILED,
        )
        assert value(scrape(), "cica_outbox_backlog") == 0
        OutboxTask.objects.create(task="notifications.tasks.send_password_reset")
        text = scrape()
    assert value(text, "cica_outbox_backlog") == 1
    assert value(text, "cica_job_last_success_age_seconds", job="rollup_status") == 10 * 3600 - 30


def test_the_failed_reminders_gauge_moves_when_a_reminder_fails(kz_coordinator, monkeypatch, settings):
    settings.NOTIFICATIONS_SEND_ATTEMPTS = 1

    def refuse(message, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("421 try again later")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    ReminderRule.objects.create(name="decision due", kind="decision_due", lead_days="7")
    factories.DecisionFactory(
        deadline=datetime.date(2021, 6, 8),
        responsible_party=ResponsibleParty.MEMBER_STATE,
        responsible_country=kz_coordinator.country,
    )
    before = scrape()
    assert value(before, "cica_reminders_failed") == 0
    with time_machine.travel(datetime.datetime(2021, 6, 1, 1, tzinfo=datetime.UTC), tick=False):
        assert services.send_reminders().failed == 1
    after = scrape()
    assert value(after, "cica_reminders_failed") == 1
    assert value(after, "cica_reminders_pending") == 0
