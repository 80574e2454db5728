"""Per-user preferences (the page linked from every email), the weekly staff digest and the default schedule."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_celery_beat.models import PeriodicTask

from jobs import schedule
from jobs.models import JobRun
from notifications import services, tasks
from notifications.choices import STAFF_DIGEST, preference_choices
from notifications.models import NotificationPreference, ReminderRule
from secretariat.choices import DecisionStatus
from tests import factories
from tests.conftest import sign_in
from tests.notifications.conftest import days

URL = "/notifications/preferences/"


def test_preferences_need_a_signed_in_user(client, settings, db):
    settings.LOGIN_URL = "/admin/login/"
    response = client.get(URL, secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/notifications/preferences/")


COORDINATOR_MUST_GET = {"report_overdue", "decision_overdue"}
# Kinds that never reach a coordinator (the staff digest, MoU dates): not offered to them at all.
STAFF_ONLY_KINDS = {"staff_digest", "agreement_expiry", "agreement_renewal"}


def test_preferences_show_every_kind_a_coordinator_may_switch_off_switched_on_by_default(client, kz_coordinator):
    sign_in(client, kz_coordinator)
    response = client.get(URL, secure=True)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields) == {kind for kind, _label in preference_choices()} - COORDINATOR_MUST_GET - STAFF_ONLY_KINDS
    assert all(form[kind].initial for kind in form.fields)
    assert b'name="decision_due"' in response.content
    assert b'name="report_overdue"' not in response.content


def test_staff_may_switch_off_every_kind(client, officer):
    sign_in(client, officer)
    form = client.get(URL, secure=True).context["form"]
    assert set(form.fields) == {kind for kind, _label in preference_choices()}


def test_a_coordinator_cannot_opt_out_of_an_overdue_report_of_their_country(kz_coordinator, frozen_today, mailoutbox):
    ReminderRule.objects.create(name="Overdue", kind="report_overdue", lead_days="")
    factories.ImplementationReportFactory(country=kz_coordinator.country, due_on=days(-2))
    NotificationPreference.objects.create(user=kz_coordinator, kind="report_overdue", enabled=False)

    result = services.send_reminders()

    assert (result.sent, result.opted_out) == (1, 0)
    assert [message.to for message in mailoutbox] == [[kz_coordinator.email]]


def test_unticking_a_kind_switches_it_off_for_that_user_only(client, kz_coordinator, in_coordinator):
    sign_in(client, kz_coordinator)
    switchable = {kind for kind, _label in preference_choices()} - COORDINATOR_MUST_GET - STAFF_ONLY_KINDS
    wanted = {kind: "on" for kind in switchable if kind != "meeting_upcoming"}

    response = client.post(URL, wanted, secure=True)

    assert response.status_code == 302
    assert not NotificationPreference.wants(kz_coordinator, "meeting_upcoming")
    assert NotificationPreference.wants(kz_coordinator, "decision_due")
    assert NotificationPreference.wants(in_coordinator, "meeting_upcoming")
    page = client.get(response["Location"], secure=True)
    assert page.context["saved"] is True
    assert page.context["form"]["meeting_upcoming"].initial is False

    client.post(URL, {**wanted, "meeting_upcoming": "on"}, secure=True)
    assert NotificationPreference.wants(kz_coordinator, "meeting_upcoming")
    assert NotificationPreference.objects.filter(user=kz_coordinator).count() == len(switchable)


def test_the_weekly_digest_goes_to_secretariat_staff_who_want_it(
    officer, kz_coordinator, frozen_today, mailoutbox, tasks_in_process
):
    russian = factories.SecretariatUserFactory(preferred_language="ru")
    opted_out = factories.SecretariatUserFactory()
    NotificationPreference.objects.create(user=opted_out, kind=STAFF_DIGEST, enabled=False)
    factories.DecisionFactory(deadline=days(-3))
    factories.DecisionFactory(deadline=days(10), status=DecisionStatus.IN_PROGRESS)
    factories.DecisionFactory(deadline=days(-3), status=DecisionStatus.IMPLEMENTED)

    result = tasks.send_staff_digest.apply().get()

    assert result["summary"] == "sent 2, failed 0"
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {officer.email, russian.email}
    english = by_recipient[officer.email]
    assert english.subject == "CICA: weekly Secretariat digest for 1 Jun 2021"
    assert "Decisions: 2 open, 1 overdue, 1 due in the next 30 days" in english.body
    assert "https://portal.cica.example/notifications/preferences/" in english.body
    assert "https://portal.cica.example/notifications/preferences/" in english.alternatives[0][0]
    assert by_recipient[russian.email].subject == "СВМДА: еженедельная сводка Секретариата на 1 июн. 2021 г."
    assert "Решения: открыто 2, просрочено 1" in by_recipient[russian.email].body
    assert JobRun.objects.get(job="send_staff_digest").summary == "sent 2, failed 0"


def test_digest_figures_come_from_the_database(officer, frozen_today):
    factories.ImplementationReportFactory(due_on=days(-1))
    data = services.digest_data()
    assert data["reports_overdue"] == 1
    assert data["decisions_open"] == 0


def test_the_default_schedule_is_created_once_and_keeps_staff_edits(db, monkeypatch):
    PeriodicTask.objects.all().delete()

    created = schedule.setup_schedule()

    assert sorted(created) == [
        "Announce expiring agreements",
        "Conclude silence procedures",
        "Deliver due webhooks",
        "Queue waiting tasks",
        "Roll up implementation status",
        "Send reminders",
        "Weekly staff digest",
    ]
    reminders = PeriodicTask.objects.get(name="Send reminders")
    assert reminders.task == "notifications.tasks.send_reminders"
    assert (reminders.crontab.minute, reminders.crontab.hour) == ("0", "6")
    assert str(reminders.crontab.timezone) == "Asia/Almaty"
    digest = PeriodicTask.objects.get(name="Weekly staff digest")
    assert digest.crontab.day_of_week == "1"
    assert (digest.crontab.hour, PeriodicTask.objects.get(name="Roll up implementation status").crontab.hour) == (
        "7",
        "2",
    )
    assert reminders.expire_seconds < 24 * 3600

    reminders.enabled = False
    reminders.save()
    assert schedule.setup_schedule() == []
    assert PeriodicTask.objects.get(name="Send reminders").enabled is False
    assert PeriodicTask.objects.filter(name__in=created).count() == len(created)


def test_a_default_job_can_be_switched_off_or_retimed_from_the_environment(db, monkeypatch):
    PeriodicTask.objects.all().delete()
    monkeypatch.setenv("SCHEDULE_STAFF_DIGEST", "off")
    monkeypatch.setenv("SCHEDULE_SEND_REMINDERS", "30 5 * * 1-5")

    schedule.setup_schedule()

    assert not PeriodicTask.objects.filter(name="Weekly staff digest").exists()
    crontab = PeriodicTask.objects.get(name="Send reminders").crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("30", "5", "1-5")


def test_a_malformed_schedule_is_refused_when_the_job_is_registered(monkeypatch):
    monkeypatch.setenv("SCHEDULE_ROLLUP_STATUS", "every night")
    rollups = next(job for job in schedule.DEFAULT_JOBS if job.env == "SCHEDULE_ROLLUP_STATUS")
    with pytest.raises(ImproperlyConfigured, match="SCHEDULE_ROLLUP_STATUS"):
        schedule.register(rollups)
