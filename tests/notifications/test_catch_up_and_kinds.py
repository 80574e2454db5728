"""A missed day is caught up once; a run costs what is due; a kind declared elsewhere is one registration away."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from measures.models import Activity
from notifications import registry, services
from notifications.models import ReminderDelivery, ReminderRule
from tests import factories
from tests.notifications.conftest import TODAY, days, morning_of

TEMPLATES_HERE = __file__.rsplit("/", 1)[0] + "/templates"


def run_on(day):
    with time_machine.travel(morning_of(day), tick=False):
        return services.send_reminders()


def test_the_lead_time_reminders_of_a_missed_day_are_sent_the_next_day_once(make_rule, kz_coordinator, mailoutbox):
    make_rule("report_due", "30,7,1")
    make_rule("decision_due", "7")
    factories.ImplementationReportFactory(country=kz_coordinator.country, due_on=days(30))
    factories.DecisionFactory(
        deadline=days(7), responsible_party="member_state", responsible_country=kz_coordinator.country
    )

    # Day D (TODAY) had no run: the job's worker was down.
    next_day, day_after = run_on(days(1)), run_on(days(2))

    assert (next_day.sent, day_after.sent, day_after.skipped) == (2, 0, 2)
    assert sorted(ReminderDelivery.objects.values_list("stage", flat=True)) == ["30-days-before", "7-days-before"]
    subjects = sorted(message.subject for message in mailoutbox)
    assert subjects[0].startswith("CICA: Decision deadline in 6 days (8 Jun 2021)")
    assert subjects[1].startswith("CICA: Implementation report due in 29 days (1 Jul 2021)")


def test_of_several_stages_due_only_the_nearest_is_sent_and_the_next_one_follows_on_its_day(
    make_rule, kz_coordinator, mailoutbox
):
    make_rule("report_due", "30,7,1")
    factories.ImplementationReportFactory(country=kz_coordinator.country, due_on=days(5))  # created late

    for day in (TODAY, days(1), days(3), days(4), days(5), days(6)):
        run_on(day)

    stages = list(ReminderDelivery.objects.order_by("created", "pk").values_list("stage", flat=True))
    assert stages == ["7-days-before", "1-days-before"], "no 30-day stage in the past, nothing after the date"
    assert len(mailoutbox) == 2


def test_a_same_day_rerun_costs_a_small_constant_number_of_queries_whatever_the_backlog(
    make_rule, kazakhstan, india, officer
):
    for kind, lead_days in [
        ("report_due", "30,7,1"),
        ("report_overdue", ""),
        ("meeting_documents", "14,3"),
        ("meeting_upcoming", "30,7"),
        ("decision_due", "30,7,1"),
        ("decision_overdue", ""),
        ("plan_ending", "60,30"),
        ("agreement_expiry", "90,30"),
        ("agreement_renewal", "90,30"),
    ]:
        make_rule(kind, lead_days, notify_secretariat=True)
    for country in (kazakhstan, india):
        factories.CoordinatorFactory(country=country)
        factories.CoordinatorFactory(country=country)

    def backlog(size):
        for n in range(size):
            country = kazakhstan if n % 2 else india
            factories.ImplementationReportFactory(country=country, due_on=days(-1 - n))
            factories.DecisionFactory(
                deadline=days(-1 - n), responsible_party="member_state", responsible_country=country
            )
            factories.ImplementationReportFactory(country=country, due_on=days(n % 30))

    def rerun_queries():
        with time_machine.travel(morning_of(TODAY), tick=False):
            services.send_reminders()  # the day's first run claims and sends
            with CaptureQueriesContext(connection) as rerun:
                result = services.send_reminders()
        assert result.sent == 0 and result.skipped > 0
        return len(rerun)

    backlog(3)
    small = rerun_queries()
    backlog(40)
    large = rerun_queries()

    assert large == small, "the rerun's cost does not grow with the backlog"
    assert large < 100
    assert ReminderDelivery.objects.count() > 200


@pytest.fixture
def activity_kind(settings):
    """A kind of reminder declared outside notifications (here, in this test module), with its own template."""

    kind = registry.register(
        registry.Reminder(
            "activity_starting",
            "activity starting",
            rows=lambda: Activity.objects.filter(status="planned").select_related("action_plan__measure"),
            date_field="start_on",
            measure=lambda activity: activity.action_plan.measure_id,
            coordinators=lambda activity, context: registry.countries(
                *context.coordinating(activity.action_plan.measure_id)
            ),
            opt_out_roles=(Role.SECRETARIAT,),
        )
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_HERE]}]
    yield kind
    registry.unregister(kind.name)


def test_a_kind_registered_by_another_module_is_picked_up(activity_kind, kz_coordinator, frozen_today, mailoutbox):
    plan = factories.ActionPlanFactory(status="approved", approved_on=days(-100))
    factories.CoordinationFactory(measure=plan.measure, country=kz_coordinator.country)
    factories.ActivityFactory(action_plan=plan, title="Energy workshop", start_on=days(7), end_on=days(8))
    rule = ReminderRule.objects.create(name="Activities", kind="activity_starting", lead_days="7")
    rule.full_clean()  # the kind is among the rule's choices

    result = services.send_reminders()

    assert result.sent == 1
    [message] = mailoutbox
    assert message.to == [kz_coordinator.email]
    assert message.subject == "CICA: The activity Energy workshop starts in 7 days (8 Jun 2021)"
    assert ("activity_starting", "activity starting") in registry.kind_choices()


def test_a_rule_whose_kind_is_no_longer_declared_is_skipped(make_rule, kz_coordinator, frozen_today, mailoutbox):
    ReminderRule.objects.bulk_create([ReminderRule(name="Gone", kind="retired_kind", lead_days="7")])
    make_rule("report_due", "7")
    factories.ImplementationReportFactory(country=kz_coordinator.country, due_on=days(7))

    assert services.send_reminders().sent == 1


def test_a_stage_is_never_sent_after_its_date(make_rule, kz_coordinator, mailoutbox):
    make_rule("decision_due", "7")
    factories.DecisionFactory(
        deadline=days(7), responsible_party="member_state", responsible_country=kz_coordinator.country
    )

    assert run_on(days(8)).sent == 0
    assert run_on(days(7)).sent == 1, "on the day itself the stage is still due"
    assert mailoutbox[0].subject.startswith("CICA: Decision deadline today (8 Jun 2021)")
    assert datetime.date(2021, 6, 8) == days(7)
