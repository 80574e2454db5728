import pytest

from tests.factories import WebhookSubscriptionFactory

from .receiver import start_receiver


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True  # development: plain http to this machine
    receiver = start_receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def subscribe(receiver, partner_system):
    """Subscribe `owner` (the partner system by default) to `events` at the receiver, which learns the secret."""

    def subscribe(*events, owner=None):
        subscription = WebhookSubscriptionFactory(owner=owner or partner_system, url=receiver.url, events=list(events))
        receiver.secret = subscription.secret
        return subscription

    return subscribe
