"""The body of a webhook: the JSON the API serves for the record to the subscription's owner, in an envelope.

The record is read through the resource's own API viewset, as the owner (a request made for them, answered by no
URL): the viewset's queryset is restricted by the one permission rule, so a record the owner may not read gives
no payload at all, and its serializer gives the same fields, links and per-user choices as GET /api/v1/...
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from . import events


class OwnerRequest(HttpRequest):
    """A GET as the subscription's owner, on the portal's public address (SITE_URL) for absolute links."""

    def __init__(self, user):
        super().__init__()
        self.method = "GET"
        self.user = user
        self._site = urlsplit(settings.SITE_URL)
        self.META["SERVER_NAME"] = self._site.hostname or "localhost"

    def get_host(self):
        return self._site.netloc

    def _get_scheme(self):
        return self._site.scheme or "https"


def view_as(viewset_class, user, pk=None):
    request = Request(OwnerRequest(user))
    request.user = user
    view = viewset_class(request=request, format_kwarg=None, action="retrieve", args=(), kwargs={"pk": pk})
    view.headers = {}
    return view


def record_as(source, user, pk):
    """The record as the API shows it to `user`, or None when they may not read it (or it is gone)."""
    view = view_as(source.viewset_class(), user, pk)
    instance = view.get_queryset().filter(pk=pk).first()
    if instance is None:
        return None
    # Through the API's renderer: dates, decimals and lazy strings come out exactly as the API writes them.
    return json.loads(JSONRenderer().render(view.get_serializer(instance).data))


def may_read(user, model_label, pk):
    source = events.by_model().get(model_label)
    if source is None:
        return False
    view = view_as(source.viewset_class(), user, pk)
    return view.get_queryset().filter(pk=pk).exists()


def envelope(event, data):
    """The body sent: Standard Webhooks' type / timestamp / data, with the event id besides."""
    return {
        "id": event.webhook_id,
        "type": event.type,
        "timestamp": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "data": data,
    }
