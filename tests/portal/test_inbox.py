"""Staff land on a work inbox: what waits for the Secretariat, counted from the data, each item one click from the
admin list where its action is (accept the selected reports, approve, adopt ...)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from notifications.models import ReminderDelivery, ReminderRule
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(officer):
    today = timezone.localdate()
    factories.ImplementationReportFactory(status="submitted")
    factories.ImplementationReportFactory(status="submitted", period_start=datetime.date(2020, 1, 1))
    factories.ImplementationReportFactory(status="draft")
    factories.ActionPlanFactory(status="under_review", approved_on=None)
    factories.MeasureFactory(status="proposed", adopted_on=None)
    factories.MeasureFactory(status="under_consideration", adopted_on=None)
    factories.MeasureFactory(status="adopted")
    factories.DecisionFactory(deadline=today - datetime.timedelta(days=3))
    factories.DecisionFactory(deadline=today - datetime.timedelta(days=3), status="implemented")
    factories.AgreementFactory(expires_on=today + datetime.timedelta(days=60))
    soon = today + datetime.timedelta(days=20)
    factories.MeetingFactory(start_on=soon, end_on=soon, document_deadline=today + datetime.timedelta(days=10))
    rule = ReminderRule.objects.create(name="Reports due (test)", kind="report_due", lead_days="7")
    ReminderDelivery.objects.create(
        rule=rule,
        content_type=ContentType.objects.get_for_model(officer),
        object_id=officer.pk,
        recipient=officer,
        stage="7-days-before",
        due_on=today,
        status="failed",
        last_error="SMTPServerDisconnected: 421",
    )
    factories.WebhookSubscriptionFactory()
    factories.WebhookSubscriptionFactory(is_active=False, consecutive_failures=15)
    factories.SilenceProcedureFactory()
    factories.SilenceProcedureFactory(status="withdrawn")
    factories.DelegationFactory(status="submitted")
    factories.DelegationFactory(status="accredited")
    factories.DelegationFactory()  # a draft: still with its state
    return {
        "delegations_submitted": 1,
        "reports_submitted": 2,
        "plans_under_review": 1,
        "measures_waiting": 2,
        "decisions_overdue": 1,
        "agreements_expiring": 1,
        "documents_due": 1,
        "under_silence": 1,
        "reminders_failed": 1,
        "webhooks_disabled": 1,
    }


def test_staff_land_on_an_inbox_whose_counts_match_the_data(client, officer, work):
    sign_in(client, officer)
    response = client.post(reverse("portal:login"), follow=True)  # where the portal sends a signed-in user
    inbox = {item.key: item.count for item in response.context["inbox"]}
    assert inbox == work


def test_each_item_is_one_click_from_the_list_of_the_rows_it_counts(client, officer, work):
    sign_in(client, officer)
    for item in client.get(reverse("portal:dashboard")).context["inbox"]:
        listed = client.get(item.url, secure=True)
        assert listed.status_code == 200, item.url
        assert listed.context["cl"].result_count == item.count, item.key


def test_the_admin_index_shows_the_inbox_too(client, officer, work):
    sign_in(client, officer)
    page = client.get(reverse("admin:index"), secure=True).content.decode()
    assert 'data-inbox="reports_submitted"' in page and "Reports submitted, awaiting review" in page


def test_coordinators_see_no_inbox(client, kz_coordinator, work):
    sign_in(client, kz_coordinator)
    assert "inbox" not in client.get(reverse("portal:dashboard")).context


def test_the_inbox_has_the_search_box(client, officer, work):
    sign_in(client, officer)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert 'id="inbox-search"' in page and 'action="/portal/search/"' in page
