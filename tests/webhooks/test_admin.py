"""Staff register webhooks in the admin, see the secret once, send a test event, read every delivery's attempts
and redeliver; a report accepted in the admin reaches the partner's receiver once, signed."""

import pytest
from django.urls import reverse

from tests.factories import ImplementationReportFactory
from tests.measures.test_admin_workflow import change_form_data
from webhooks.choices import DeliveryStatus
from webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tasks_in_process")]


def test_done_when_staff_accept_a_report_in_the_admin_and_the_receiver_gets_one_signed_report_accepted(
    staff_client, receiver, partner_system
):
    page = staff_client.post(
        reverse("admin:webhooks_webhooksubscription_add"),
        {
            "name": "UNODC tracker",
            "owner": partner_system.pk,
            "url": receiver.url,
            "events": ["report.accepted", "report.submitted"],
            "is_active": "on",
        },
        follow=True,
    )
    subscription = WebhookSubscription.objects.get()
    shown = [str(m) for m in page.context["messages"]]
    assert any(subscription.secret in message for message in shown), "the secret is shown once, on creation"
    assert (
        subscription.secret
        not in staff_client.get(
            reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
        ).content.decode()
    )
    receiver.secret = subscription.secret

    report = ImplementationReportFactory(status="submitted")
    url = reverse("admin:measures_implementationreport_change", args=[report.pk])
    staff_client.post(url, {**change_form_data(staff_client, url), "_workflow_step": "accept"})

    (received,) = receiver.received
    assert received.verified
    assert (received.type, received.payload["data"]["id"]) == ("report.accepted", report.pk)

    delivery = WebhookDelivery.objects.get()
    page = staff_client.get(reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk])).content.decode()
    assert delivery.event.webhook_id in page and "report.accepted" in page
    for listing in ("webhookdelivery", "webhookevent", "webhooksubscription"):
        assert staff_client.get(reverse(f"admin:webhooks_{listing}_changelist")).status_code == 200


def test_an_address_of_a_private_network_or_plain_http_is_refused_in_production(staff_client, partner_system, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    add = reverse("admin:webhooks_webhooksubscription_add")
    for url in ("http://partner.example.org/hook", "https://10.0.0.5/hook", "http://127.0.0.1:8000/hook"):
        page = staff_client.post(
            add, {"name": "x", "owner": partner_system.pk, "url": url, "events": ["plan.approved"]}
        )
        assert page.status_code == 200 and "This address is not accepted" in page.content.decode(), url
    assert not WebhookSubscription.objects.exists()


def test_send_a_test_event_from_the_subscription_page_and_redeliver_it_from_the_deliveries(
    staff_client, receiver, subscribe
):
    subscription = subscribe("plan.approved")
    url = reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
    assert b'name="_send_test"' in staff_client.get(url).content

    staff_client.post(url, {"_send_test": "1"})
    (received,) = receiver.accepted()
    assert received.type == "webhook.test"

    delivery = WebhookDelivery.objects.get()
    staff_client.post(
        reverse("admin:webhooks_webhookdelivery_changelist"),
        {"action": "redeliver", "_selected_action": [delivery.pk]},
    )
    first, again = receiver.accepted()
    assert first.webhook_id == again.webhook_id
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [a.status_code for a in delivery.attempt_log.all()] == [200, 200]


def test_a_new_secret_is_shown_once_and_signs_what_follows(staff_client, receiver, subscribe):
    subscription = subscribe("plan.approved")
    url = reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
    page = staff_client.post(url, {"_new_secret": "1"}, follow=True)
    subscription.refresh_from_db()
    assert any(subscription.secret in str(m) for m in page.context["messages"])
    receiver.secret = subscription.secret
    staff_client.post(url, {"_send_test": "1"})
    assert receiver.received[0].verified


def test_staff_see_subscriptions_disabled_after_failures_in_the_inbox_with_a_link_to_them(staff_client, subscribe):
    subscription = subscribe("plan.approved")
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False, consecutive_failures=15)
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "Webhooks disabled after failed deliveries" in page
    listing = staff_client.get(reverse("admin:webhooks_webhooksubscription_changelist") + "?failing=yes")
    assert subscription.name in listing.content.decode()
