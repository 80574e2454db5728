from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.api.serializers import ModelSerializer, slug

from .. import events
from ..models import WebhookSubscription


class WebhookSubscriptionSerializer(ModelSerializer):
    """A partner system's webhook. Its signing secret is shown once: in the answer to the creation (and to a new
    secret, POST .../secret/)."""

    owner = slug(
        "username",
        get_user_model().objects.filter(is_active=True),
        help_text="Username of the account whose read permissions decide what it receives (a service account).",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=events.event_choices()),
        allow_empty=False,
        help_text="Event types, `<resource>.<verb>`.",
    )

    class Meta:
        model = WebhookSubscription
        fields = (
            "id",
            "name",
            "owner",
            "url",
            "events",
            "is_active",
            "disabled_reason",
            "disabled_at",
            "consecutive_failures",
        )
        read_only_fields = ("disabled_at", "consecutive_failures")


class WebhookSubscriptionWithSecretSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret (`whsec_` + base64), shown only in this answer: keep it."
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = (*WebhookSubscriptionSerializer.Meta.fields, "secret")


class TestEventSerializer(serializers.Serializer):
    delivery = serializers.IntegerField(help_text="The id of the test event's delivery.")
    event_id = serializers.CharField(help_text="The event's id, sent as `webhook-id`.")
