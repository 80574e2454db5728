"""Every email is built in notifications.emails, one function each: the tasks only find whom and what it is about."""

import datetime

import pytest
from django.utils import timezone

from notifications import emails, services, tasks
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_review_notice_keeps_its_message_id_on_every_attempt_and_a_new_review_gets_a_new_one(
    kz_coordinator, kazakhstan, settings
):
    settings.EMAIL_MESSAGE_ID_DOMAIN = "portal.example"
    reviewed_at = timezone.now().replace(microsecond=0)
    report = factories.ImplementationReportFactory(country=kazakhstan, status="accepted", reviewed_at=reviewed_at)

    first, again = (emails.report_reviewed(kz_coordinator, report=report) for _attempt in range(2))
    report.reviewed_at = reviewed_at + datetime.timedelta(days=3)
    later = emails.report_reviewed(kz_coordinator, report=report)

    expected = f"<review-{report.pk}-{int(reviewed_at.timestamp())}-{kz_coordinator.pk}@portal.example>"
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"] == expected
    assert later.extra_headers["Message-ID"] != expected


def test_the_digest_has_one_message_id_per_person_and_week(officer, settings):
    settings.EMAIL_MESSAGE_ID_DOMAIN = "portal.example"
    message = emails.staff_digest(officer, digest=services.digest_data(datetime.date(2021, 6, 1)))

    assert message.extra_headers["Message-ID"] == f"<digest-2021-06-01-{officer.pk}@portal.example>"
    assert message.to == [officer.email]


def test_the_password_reset_is_plain_text_in_the_recipients_language_with_nothing_to_unsubscribe(kz_coordinator):
    kz_coordinator.preferred_language = "ru"
    kz_coordinator.save()

    message = emails.password_reset(kz_coordinator, domain="portal.example", protocol="https")

    assert message.to == [kz_coordinator.email]
    assert message.alternatives == []
    assert "List-Unsubscribe" not in message.extra_headers
    assert "https://portal.example/portal/password-reset/" in message.body
    assert "\n" not in message.subject
    assert any("\u0400" <= letter <= "\u04ff" for letter in message.subject)  # Cyrillic: written in Russian


def test_no_password_reset_goes_to_an_account_without_a_usable_password(kz_coordinator, mailoutbox):
    kz_coordinator.set_unusable_password()
    kz_coordinator.save()

    result = tasks.send_password_reset.apply(args=(kz_coordinator.pk, {"domain": "x.example", "protocol": "https"}))

    assert result.get() == {"sent": 0, "failed": 0}
    assert mailoutbox == []


def test_a_review_notice_for_a_report_no_longer_reviewed_is_not_sent(kz_coordinator, kazakhstan, mailoutbox):
    report = factories.ImplementationReportFactory(country=kazakhstan, status="submitted")

    result = tasks.send_report_reviewed.apply(args=(report.pk, kz_coordinator.pk))

    assert result.get() == {"sent": 0, "failed": 0}
    assert mailoutbox == []
