from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from core.api.viewsets import ModelViewSet
from core.permissions import is_staff

from .. import filters, services
from ..models import WebhookSubscription
from . import serializers


class SecretariatOnly(BasePermission):
    message = "Only Secretariat staff manage webhooks."

    def has_permission(self, request, view):
        return is_staff(request.user)


class WebhookSubscriptionViewSet(ModelViewSet):
    """Webhooks of partner systems (Secretariat staff only; the README's "For partner systems" says more).

    The portal POSTs `{"id", "type", "timestamp", "data"}` to the URL, `data` being what
    `GET /api/v1/<resource>/<id>/` answers to the owner, for each subscribed event on a record the owner may read.
    Requests are signed as Standard Webhooks specifies (`webhook-id`, `webhook-timestamp`, `webhook-signature`);
    a partner verifies them with any Standard Webhooks library, e.g. in Python:

        from standardwebhooks import Webhook
        event = Webhook(secret).verify(body, headers)  # raises WebhookVerificationError if not genuine

    Non-2xx answers are retried with backoff for about a day; `webhook-id` is the same on every retry.
    """

    queryset = WebhookSubscription.objects.select_related("owner")
    serializer_class = serializers.WebhookSubscriptionSerializer
    filterset_class = filters.WebhookSubscriptionFilterSet

    def get_permissions(self):
        return [SecretariatOnly(), *super().get_permissions()]

    @extend_schema(responses={201: serializers.WebhookSubscriptionWithSecretSerializer})
    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data = serializers.WebhookSubscriptionWithSecretSerializer(
            self.created, context=self.get_serializer_context()
        ).data
        return response

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.created = serializer.instance

    @extend_schema(
        summary="Replace the signing secret (the new one is shown in this answer only)",
        request=None,
        responses=serializers.WebhookSubscriptionWithSecretSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def secret(self, request, pk=None):
        subscription = self.get_object()
        subscription.regenerate_secret()
        return Response(serializers.WebhookSubscriptionWithSecretSerializer(subscription).data)

    @extend_schema(
        summary="Send a signed test event (`webhook.test`) to the subscription",
        request=None,
        responses={202: serializers.TestEventSerializer},
    )
    @action(detail=True, methods=["post"], url_path="test", filter_backends=[], pagination_class=None)
    def send_test(self, request, pk=None):
        delivery = services.send_test_event(self.get_object())
        return Response(
            {"delivery": delivery.pk, "event_id": delivery.event.webhook_id}, status=status.HTTP_202_ACCEPTED
        )
