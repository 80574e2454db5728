"""Signals the domain apps send and the higher floors (notifications, reporting, webhooks) listen to.

`transitioned` is sent by a workflow step inside its transaction, after the row is saved, with
``sender`` = the model class and the keyword arguments ``instance``, ``transition`` (its name, e.g. "accept"),
``source``, ``target`` and ``user``. A receiver that talks to the outside world defers that work with
``transaction.on_commit`` so that nothing is sent for a step that is rolled back.
"""

from django.dispatch import Signal

transitioned = Signal()
