"""Staff see the last run of each job, with its duration and outcome, and every reminder delivery."""

import datetime

import pytest
from django.utils import timezone

from jobs.choices import JobOutcome
from jobs.models import JobRun
from jobs.recorder import job_run
from notifications.choices import DeliveryStatus
from notifications.models import ReminderDelivery, ReminderRule
from tests import factories
from tests.conftest import sign_in


@pytest.fixture(autouse=True)
def _plain_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_run(job, outcome, minutes_ago, seconds):
    started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return JobRun.objects.create(
        job=job,
        started_at=started,
        finished_at=started + datetime.timedelta(seconds=seconds),
        duration=datetime.timedelta(seconds=seconds),
        outcome=outcome,
        summary=f"{job} summary",
    )


def test_the_job_list_shows_duration_and_outcome_badges(client, officer):
    make_run("send_reminders", JobOutcome.OK, 60, 3.25)
    make_run("rollup_status", JobOutcome.FAILED, 30, 200)
    sign_in(client, officer)

    response = client.get("/admin/jobs/jobrun/", secure=True)

    assert response.status_code == 200
    content = response.content.decode()
    assert "3.2 s" in content
    assert "3.3 min" in content
    assert ">ok</span>" in content
    assert ">failed</span>" in content


def test_the_last_run_filter_shows_one_row_per_job(client, officer):
    make_run("send_reminders", JobOutcome.FAILED, 120, 1)
    latest = make_run("send_reminders", JobOutcome.OK, 10, 1)
    digest = make_run("send_staff_digest", JobOutcome.OK, 60, 1)
    sign_in(client, officer)

    response = client.get("/admin/jobs/jobrun/?runs=last", secure=True)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [latest, digest]
    assert set(JobRun.objects.latest_per_job()) == {latest, digest}


def test_job_run_context_manager_records_duration_and_summary(db):
    with job_run("import") as run:
        run.summary = "imported 3"
    run = JobRun.objects.get(job="import")
    assert (run.outcome, run.summary) == (JobOutcome.OK, "imported 3")
    assert run.duration is not None and run.duration >= datetime.timedelta(0)


def test_failed_deliveries_are_visible_in_the_admin_with_their_error(client, officer, kz_coordinator):
    rule = ReminderRule.objects.create(name="Decisions", kind="decision_due", lead_days="7")
    decision = factories.DecisionFactory()
    from django.contrib.contenttypes.models import ContentType

    ReminderDelivery.objects.create(
        rule=rule,
        content_type=ContentType.objects.get_for_model(decision),
        object_id=decision.pk,
        recipient=kz_coordinator,
        stage="7-days-before",
        due_on=decision.deadline,
        status=DeliveryStatus.FAILED,
        attempts=3,
        last_error="SMTPServerDisconnected: 421",
    )
    sign_in(client, officer)

    listing = client.get("/admin/notifications/reminderdelivery/?status=failed", secure=True)
    rules = client.get("/admin/notifications/reminderrule/", secure=True)

    assert listing.status_code == 200
    assert "SMTPServerDisconnected: 421" in listing.content.decode()
    assert ">failed</span>" in listing.content.decode()
    assert rules.status_code == 200
    assert "Decisions" in rules.content.decode()


def test_staff_send_failed_deliveries_again_from_the_admin(client, officer, kz_coordinator):
    from django.contrib.contenttypes.models import ContentType

    rule = ReminderRule.objects.create(name="Decisions", kind="decision_due", lead_days="7")
    decision = factories.DecisionFactory()
    failed, sent = (
        ReminderDelivery.objects.create(
            rule=rule,
            content_type=ContentType.objects.get_for_model(decision),
            object_id=decision.pk,
            recipient=recipient,
            stage="7-days-before",
            due_on=decision.deadline,
            status=status,
            attempts=3,
        )
        for recipient, status in ((kz_coordinator, DeliveryStatus.FAILED), (officer, DeliveryStatus.SENT))
    )
    sign_in(client, officer)

    response = client.post(
        "/admin/notifications/reminderdelivery/",
        {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
        secure=True,
        follow=True,
    )

    assert "1 failed reminder will be sent by the next run." in response.content.decode()
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)
    assert list(ReminderDelivery.objects.ready()) == [failed]
    assert sent.status == DeliveryStatus.SENT
