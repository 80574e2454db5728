"""What a subscription accepts (addresses, events), its secret, and the signature a partner checks."""

import base64
import datetime
import hashlib
import hmac

import pytest
from django.core.exceptions import ValidationError

from core.addresses import outbound_url_problem, resolved_problem
from tests.factories import WebhookSubscriptionFactory
from webhooks.sending import signed_headers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "in_development", "in_production"),
    [
        ("https://hooks.unodc.example.org/cica", True, True),
        ("http://127.0.0.1:9000/hook", True, False),
        ("http://[::1]:9000/hook", True, False),
        ("http://localhost/hook", True, False),
        ("http://hooks.unodc.example.org/cica", False, False),
        ("https://10.1.2.3/hook", False, False),
        ("https://192.168.0.10/hook", False, False),
        ("https://169.254.169.254/latest/meta-data", False, False),
        ("https://[fd00::1]/hook", False, False),
        ("https://user:password@hooks.example.org/", False, False),
        ("ftp://hooks.example.org/", False, False),
    ],
)
def test_https_to_public_addresses_and_in_development_http_to_this_machine(url, in_development, in_production):
    assert (outbound_url_problem(url, allow_loopback=True) is None) == in_development
    assert (outbound_url_problem(url, allow_loopback=False) is None) == in_production


def test_a_name_resolving_to_this_machine_is_refused_when_sending_in_production():
    assert resolved_problem("localhost", 443, allow_loopback=False)
    assert resolved_problem("localhost", 443, allow_loopback=True) is None


def test_a_subscription_names_known_events_and_gets_a_standard_webhooks_secret():
    subscription = WebhookSubscriptionFactory(events=["report.accepted", "agreement.expiring"])
    prefix, key = subscription.secret.split("_", 1)
    assert prefix == "whsec" and len(base64.b64decode(key)) == 32
    assert WebhookSubscriptionFactory().secret != subscription.secret
    with pytest.raises(ValidationError) as refused:
        WebhookSubscriptionFactory(events=["report.deleted"])
    assert "events" in refused.value.message_dict


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body_with_the_decoded_secret():
    subscription = WebhookSubscriptionFactory()
    now = datetime.datetime(2026, 11, 27, 9, 30, 15, 500000, tzinfo=datetime.UTC)
    body = '{"type":"report.accepted"}'
    headers = signed_headers(subscription, "msg_1", body, now)
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-timestamp"] == str(int(now.timestamp()))
    key = base64.b64decode(subscription.secret.removeprefix("whsec_"))
    expected = hmac.new(key, f"msg_1.{int(now.timestamp())}.{body}".encode(), hashlib.sha256).digest()
    assert headers["webhook-signature"] == "v1," + base64.b64encode(expected).decode()
