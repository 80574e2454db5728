"""The client's address, read once the same way for sign-in lockouts, API throttles and the security log.

`settings.TRUSTED_PROXY_COUNT` says how many reverse proxies stand in front of the application. With 0 (the
default) no X-Forwarded-For header is believed: the client is the address that opened the connection. With N
proxies, each one appends the address it received the request from, so the client is the N-th address from the
right; whatever stands further left was written by the client itself and is ignored, so rotating it changes
nothing.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The address of the client that sent `request` (a Django or DRF request), as a normalized IP string."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote  # the chain is shorter than our proxies: the header was not written by them
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
