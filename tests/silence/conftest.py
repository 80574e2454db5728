from tests.webhooks.conftest import receiver, subscribe  # noqa: F401 - the webhook receiver, for silence events
