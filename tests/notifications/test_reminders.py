"""Reminder rules: every kind and stage, who receives them, in which language, and who opted out."""

import pytest
import time_machine
from django.urls import reverse

from measures.choices import ReportStatus
from notifications import services
from notifications.choices import DeliveryStatus
from notifications.models import NotificationPreference, ReminderDelivery, ReminderRule
from secretariat.choices import DecisionStatus, MeetingStatus, ResponsibleParty
from tests import factories
from tests.notifications.conftest import TODAY, days, morning_of

PREFERENCES_URL = "https://portal.cica.example" + "/notifications/preferences/"


def report_due_in(n, kz, status=ReportStatus.DRAFT, **extra):
    return factories.ImplementationReportFactory(country=kz, due_on=days(n), status=status, **extra)


def meeting(kz, **dates):
    held = factories.MeetingFactory(**dates)
    factories.AccreditedDelegationFactory(meeting=held, country=kz)  # a participating delegation
    return held


def decision_of(kz, deadline, **extra):
    return factories.DecisionFactory(
        deadline=deadline, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=kz, **extra
    )


def plan_ending(kz, period_end):
    plan = factories.ActionPlanFactory(period_end=period_end)
    factories.CoordinationFactory(measure=plan.measure, country=kz)
    return plan


CASES = [
    # kind, lead days, object made from (Kazakhstan), expected stage, who hears of it
    ("report_due", "30,7,1", lambda kz: report_due_in(30, kz), "30-days-before", "coordinator"),
    ("report_due", "30,7,1", lambda kz: report_due_in(7, kz), "7-days-before", "coordinator"),
    ("report_due", "30,7,1", lambda kz: report_due_in(1, kz), "1-days-before", "coordinator"),
    (
        "report_due",
        "30,7,1",
        lambda kz: report_due_in(7, kz, status=ReportStatus.RETURNED, feedback="Add the annex."),
        "7-days-before",
        "coordinator",
    ),
    (
        "report_overdue",
        "",
        lambda kz: report_due_in(-3, kz, status=ReportStatus.RETURNED, feedback="Add the annex."),
        "overdue",
        "coordinator",
    ),
    (
        "meeting_documents",
        "14,3",
        lambda kz: meeting(kz, document_deadline=days(3), start_on=days(10), end_on=days(11)),
        "3-days-before",
        "coordinator",
    ),
    (
        "meeting_upcoming",
        "30,7",
        lambda kz: meeting(kz, start_on=days(30), end_on=days(31)),
        "30-days-before",
        "coordinator",
    ),
    ("decision_due", "30,7,1", lambda kz: decision_of(kz, days(7)), "7-days-before", "coordinator"),
    (
        "decision_overdue",
        "",
        lambda kz: decision_of(kz, days(-10), status=DecisionStatus.IN_PROGRESS),
        "overdue",
        "coordinator",
    ),
    ("plan_ending", "60,30", lambda kz: plan_ending(kz, days(60)), "60-days-before", "coordinator"),
    (
        "agreement_expiry",
        "90,30",
        lambda kz: factories.AgreementFactory(expires_on=days(90)),
        "90-days-before",
        "secretariat",
    ),
    (
        "agreement_renewal",
        "90,30",
        lambda kz: factories.AgreementFactory(renewal_on=days(30)),
        "30-days-before",
        "secretariat",
    ),
]


@pytest.mark.parametrize(
    ("kind", "lead_days", "make", "stage", "audience"), CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES]
)
def test_each_kind_reminds_the_right_people_at_each_stage(
    kind, lead_days, make, stage, audience, make_rule, kz_coordinator, in_coordinator, officer, mailoutbox
):
    rule = make_rule(kind, lead_days)
    obj = make(kz_coordinator.country)

    with time_machine.travel(morning_of(TODAY), tick=False):
        result = services.send_reminders()

    expected = kz_coordinator if audience == "coordinator" else officer
    assert (result.sent, result.skipped, result.failed) == (1, 0, 0)
    assert [message.to for message in mailoutbox] == [[expected.email]]
    delivery = ReminderDelivery.objects.get()
    assert (delivery.rule, delivery.object_id, delivery.recipient, delivery.stage) == (rule, obj.pk, expected, stage)
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    message = mailoutbox[0]
    assert PREFERENCES_URL in message.body
    assert PREFERENCES_URL in message.alternatives[0][0]
    assert message.subject.startswith("CICA: ")


@pytest.mark.parametrize(
    ("kind", "lead_days", "make", "stage", "audience"), CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES]
)
def test_nothing_is_sent_before_the_first_stage(
    kind, lead_days, make, stage, audience, make_rule, kz_coordinator, officer, mailoutbox
):
    make_rule(kind, lead_days)
    make(kz_coordinator.country)
    if stage == "overdue":
        day_before = days(-30)
    else:  # the object is due in `lead` days; the earliest stage is `max(leads)` days before that
        lead = int(stage.split("-")[0])
        day_before = days(lead - max(int(d) for d in lead_days.split(",")) - 1)

    with time_machine.travel(morning_of(day_before), tick=False):
        result = services.send_reminders()

    assert result.sent == 0
    assert mailoutbox == []


def test_reports_already_submitted_or_accepted_are_not_reminded(make_rule, kz_coordinator, frozen_today, mailoutbox):
    make_rule("report_due", "7")
    make_rule("report_overdue", "")
    report_due_in(7, kz_coordinator.country, status=ReportStatus.SUBMITTED)
    report_due_in(-2, kz_coordinator.country, status=ReportStatus.ACCEPTED, period_start=days(-400))

    assert services.send_reminders().sent == 0
    assert mailoutbox == []


def test_closed_decisions_and_cancelled_meetings_are_not_reminded(make_rule, kz_coordinator, frozen_today, mailoutbox):
    make_rule("decision_due", "7")
    make_rule("decision_overdue", "")
    make_rule("meeting_upcoming", "7")
    decision_of(kz_coordinator.country, days(7), status=DecisionStatus.IMPLEMENTED)
    decision_of(kz_coordinator.country, days(-7), status=DecisionStatus.CANCELLED)
    meeting(kz_coordinator.country, start_on=days(7), end_on=days(8), status=MeetingStatus.CANCELLED)

    assert services.send_reminders().sent == 0
    assert mailoutbox == []


def test_disabled_rules_send_nothing(make_rule, kz_coordinator, frozen_today, mailoutbox):
    rule = make_rule("decision_due", "7")
    rule.enabled = False
    rule.save()
    decision_of(kz_coordinator.country, days(7))

    assert services.send_reminders().sent == 0
    assert mailoutbox == []


def test_a_russian_speaking_coordinator_gets_the_reminder_in_russian(
    make_rule, kz_coordinator, in_coordinator, frozen_today, mailoutbox
):
    kz_coordinator.preferred_language = "ru"
    kz_coordinator.save()
    make_rule("report_due", "7")
    factories.ImplementationReportFactory(
        country=kz_coordinator.country,
        due_on=days(7),
        measure=factories.MeasureFactory(title="Energy security", title_ru="Энергетическая безопасность"),
    )

    services.send_reminders()

    [message] = mailoutbox
    assert message.subject == (
        "СВМДА: Срок представления отчёта об осуществлении через 7 дн. (8 июн. 2021 г.): "
        "Энергетическая безопасность – Казахстан"
    )
    assert "Здравствуйте" in message.body
    assert "Настроить уведомления" in message.alternatives[0][0]
    assert PREFERENCES_URL in message.body


def test_an_english_speaking_coordinator_gets_the_reminder_in_english(
    make_rule, kz_coordinator, frozen_today, mailoutbox
):
    make_rule("decision_due", "7")
    decision = decision_of(kz_coordinator.country, days(7), title="Adopt the plan")

    services.send_reminders()

    [message] = mailoutbox
    assert message.subject == f"CICA: Decision deadline in 7 days (8 Jun 2021): {decision}"
    assert message.body.startswith("Dear ")


def test_a_user_who_switched_a_kind_off_gets_none_of_it(make_rule, kz_coordinator, frozen_today, mailoutbox):
    colleague = factories.CoordinatorFactory(country=kz_coordinator.country)
    NotificationPreference.objects.create(user=kz_coordinator, kind="decision_due", enabled=False)
    make_rule("decision_due", "7")
    make_rule("report_due", "7")
    decision_of(kz_coordinator.country, days(7))
    report_due_in(7, kz_coordinator.country)

    result = services.send_reminders()

    received = sorted((message.to[0], message.subject.split(":")[1].strip()[:8]) for message in mailoutbox)
    assert received == sorted(
        [(colleague.email, "Decision"), (colleague.email, "Implemen"), (kz_coordinator.email, "Implemen")]
    )
    assert result.opted_out == 1
    assert not ReminderDelivery.objects.filter(recipient=kz_coordinator, rule__kind="decision_due").exists()


def test_decision_audiences_follow_the_responsible_party(
    make_rule, kz_coordinator, in_coordinator, officer, frozen_today, mailoutbox
):
    """The responsible party of a decision is told: the state named, the states coordinating its measure, the state
    in the chair; decisions addressed to the Secretariat or to all member states are the Secretariat's to follow up
    (no single state's progress is the decision's), so its staff are told, not every coordinator."""
    make_rule("decision_due", "7", notify_coordinators=False)
    factories.ChairmanshipFactory(country=kz_coordinator.country, start_on=days(-400), end_on=days(300))
    measure = factories.CoordinationFactory(country=in_coordinator.country).measure
    expected = {
        ResponsibleParty.SECRETARIAT: [officer.email],
        ResponsibleParty.COORDINATORS: [in_coordinator.email],
        ResponsibleParty.ALL_MEMBERS: [officer.email],
        ResponsibleParty.CHAIR: [kz_coordinator.email],
        ResponsibleParty.MEMBER_STATE: [in_coordinator.email],
    }
    assert set(expected) == set(ResponsibleParty.values), "every responsible party has its audience"
    for party in expected:
        factories.DecisionFactory(
            deadline=days(7),
            responsible_party=party,
            measure=measure if party == ResponsibleParty.COORDINATORS else None,
            responsible_country=in_coordinator.country if party == ResponsibleParty.MEMBER_STATE else None,
            title=f"Addressed to {party}",
        )

    services.send_reminders()

    told = {}
    for message in mailoutbox:
        party = next(p for p in expected if f"Addressed to {p}" in message.subject + message.body)
        told.setdefault(party, []).append(message.to[0])
    assert told == expected


def test_secretariat_staff_are_reminded_when_the_rule_says_so(
    make_rule, kz_coordinator, officer, frozen_today, mailoutbox
):
    inactive = factories.SecretariatUserFactory(is_active=False)
    no_email = factories.SecretariatUserFactory(email="")
    make_rule("report_overdue", "", notify_secretariat=True)
    report_due_in(-1, kz_coordinator.country)

    services.send_reminders()

    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted([kz_coordinator.email, officer.email])
    assert inactive.email not in recipients
    assert no_email.pk not in ReminderDelivery.objects.values_list("recipient", flat=True)


def test_lead_days_are_validated_and_normalised(db):
    rule = ReminderRule(name="Reports", kind="report_due", lead_days="7, 30,1,7")
    rule.save()
    assert rule.lead_days == "30,7,1"
    assert rule.stages == ["30-days-before", "7-days-before", "1-days-before"]

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        ReminderRule(name="Bad", kind="report_due", lead_days="a week").save()
    assert "lead_days" in error.value.message_dict
    with pytest.raises(ValidationError):
        ReminderRule(name="Nobody", kind="report_due", notify_coordinators=False, notify_responsible=False).save()
    assert ReminderRule.objects.count() == 1


def test_finding_due_objects_costs_a_constant_number_of_queries(
    make_rule, kz_coordinator, frozen_today, django_assert_max_num_queries
):
    rule = make_rule("decision_due", "30,7,1")
    for _ in range(5):
        decision_of(kz_coordinator.country, days(7))
    with django_assert_max_num_queries(1):
        items = list(services.due_items(rule, TODAY))
    assert len(items) == 5
    # The member states, the states each due decision is assigned to (one UNION), their coordinators, and the
    # coordinations of the decisions' measures: the same four for 5 decisions or 5,000.
    with django_assert_max_num_queries(4):
        resolved = services.Recipients(TODAY).resolve(rule, items)
    assert all(users == [kz_coordinator] for _item, users in resolved)


def test_the_preferences_url_is_absolute(settings):
    settings.SITE_URL = "https://portal.cica.example"
    from notifications.emails import preferences_url

    assert preferences_url() == PREFERENCES_URL == settings.SITE_URL + reverse("notifications:preferences")
