"""Webhook subscriptions and their deliveries are the Secretariat's: nobody else sees or changes them."""

from core.permissions import NOTHING, Rule, register

from .models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription

for model in (WebhookSubscription, WebhookEvent, WebhookDelivery, WebhookAttempt):
    register(model, Rule(view=lambda user: NOTHING))
