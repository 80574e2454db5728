"""Staff manage webhooks through /api/v1/webhooks/; the secret is in the answer to the creation only; nobody
else sees or changes a subscription."""

import pytest

from tests.conftest import token_client
from tests.factories import WebhookSubscriptionFactory
from webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"


@pytest.fixture
def staff_api(officer, settings):
    settings.SECURE_SSL_REDIRECT = False
    return token_client(officer)


def test_staff_create_a_webhook_and_see_its_secret_once(staff_api, partner_system):
    created = staff_api.post(
        URL,
        {
            "name": "IOM sync",
            "owner": partner_system.username,
            "url": "https://iom.example.org/hooks",
            "events": ["plan.approved"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    subscription = WebhookSubscription.objects.get()
    assert body["secret"] == subscription.secret and body["secret"].startswith("whsec_")
    assert (body["owner"], body["events"], body["is_active"]) == (partner_system.username, ["plan.approved"], True)

    detail = staff_api.get(f"{URL}{subscription.pk}/").json()
    assert "secret" not in detail
    assert "secret" not in staff_api.get(URL).json()["results"][0]


def test_staff_change_disable_and_delete_a_webhook(staff_api):
    subscription = WebhookSubscriptionFactory()
    url = f"{URL}{subscription.pk}/"
    changed = staff_api.patch(
        url, {"events": ["report.accepted", "decision.created"], "is_active": False}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    subscription.refresh_from_db()
    assert subscription.events == ["report.accepted", "decision.created"] and not subscription.is_active
    assert staff_api.delete(url).status_code == 204
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("events", ["report.deleted"]),
        ("events", []),
        ("url", "http://partner.example.org/hook"),
        ("url", "https://169.254.169.254/latest/meta-data"),
    ],
)
def test_unknown_events_and_addresses_not_allowed_are_refused_with_field_errors(
    staff_api, partner_system, field, value
):
    data = {"name": "x", "owner": partner_system.username, "url": "https://x.example.org/", "events": ["plan.approved"]}
    answer = staff_api.post(URL, {**data, field: value}, format="json")
    assert answer.status_code == 400
    # the field, or one of its items by its dotted path (events.0)
    assert any(key == field or key.startswith(f"{field}.") for key in answer.json()["errors"])


def test_a_new_secret_and_a_test_event_from_the_api(staff_api, settings):
    subscription = WebhookSubscriptionFactory()
    old = subscription.secret
    renewed = staff_api.post(f"{URL}{subscription.pk}/secret/").json()
    subscription.refresh_from_db()
    assert renewed["secret"] == subscription.secret != old

    queued = staff_api.post(f"{URL}{subscription.pk}/test/")
    assert queued.status_code == 202
    delivery = WebhookDelivery.objects.get(pk=queued.json()["delivery"])
    assert delivery.event.type == "webhook.test" and queued.json()["event_id"] == delivery.event.webhook_id


def test_partners_and_coordinators_neither_see_nor_change_webhooks(partner_system, kz_coordinator):
    subscription = WebhookSubscriptionFactory(owner=partner_system)
    for user in (partner_system, kz_coordinator):
        client = token_client(user)
        assert client.get(URL).status_code == 403
        assert client.get(f"{URL}{subscription.pk}/").status_code == 403
        assert client.post(URL, {"name": "mine"}, format="json").status_code == 403


def test_the_list_costs_a_fixed_number_of_queries(staff_api, django_assert_max_num_queries):
    WebhookSubscriptionFactory.create_batch(5)
    with django_assert_max_num_queries(8):
        assert staff_api.get(URL).status_code == 200
