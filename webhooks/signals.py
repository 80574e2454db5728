"""What webhooks listens to: workflow steps (core.signals.transitioned) and saves of the records partners follow.

The domain apps never import this. Each receiver only records the event inside the sender's transaction
(`services.announce`); deliveries are made and sent after commit.
"""

from django.db.models.signals import post_save

from core.signals import transitioned
from core.workflows import is_importing

from . import events, services


def on_transition(sender, instance, event=None, **kwargs):
    source = events.source_for(sender)
    verb = source.steps.get(event) if source else None
    if verb:
        services.announce(f"{source.resource}.{verb}", instance)


def on_save(sender, instance, created, raw=False, **kwargs):
    source = events.source_for(sender)
    if source is None or raw or is_importing():
        return  # reference data, the demo set and fixtures are written as data, not announced
    if created:
        verb = source.created_when(instance) if source.created_when else source.created
    else:
        # A workflow step saves the row too; it is announced by its own event (on_transition).
        verb = "" if getattr(instance, "_taking_transition", False) else source.updated
    if verb:
        services.announce(f"{source.resource}.{verb}", instance)


def connect():
    transitioned.connect(on_transition, dispatch_uid="webhooks-transitioned")
    for source in events.SOURCES:
        post_save.connect(on_save, sender=source.model_class, dispatch_uid=f"webhooks-saved-{source.model}")
