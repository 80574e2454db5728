"""The client's address, read once the same way for sign-in lockouts, API throttles and the security log.

`settings.TRUSTED_PROXY_COUNT` says how many reverse proxies stand in front of the application. With 0 (the
default) no X-Forwarded-For header is believed: the client is the address that opened the connection. With N
proxies, each one appends the address it received the request from, so the client is the N-th address from the
right; whatever stands further left was written by the client itself and is ignored, so rotating it changes
nothing.
"""

import ipaddress
import logging
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Set (with the time) while requests arrive carrying a proxy's header but TRUSTED_PROXY_COUNT is 0; read by the
# deploy check core.checks.proxy_headers_ignored.
PROXY_HEADER_SEEN_KEY = "addresses:proxy-header-seen"
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
_last_noted = 0.0


def note_ignored_proxy_header(request, every=60):
    """A request came with a proxy's header while no proxy is trusted: every client then shares the proxy's address
    (one attacker throttles everyone). Remembered in the cache (at most once a minute per process, for a week) for
    `manage.py check --deploy`, and logged."""
    global _last_noted  # noqa: PLW0603 - a per-process rate limit of a cache write
    if settings.TRUSTED_PROXY_COUNT or not any(header in request.META for header in PROXY_HEADERS):
        return False
    now = time.time()
    if now - _last_noted < every:
        return False
    _last_noted = now
    cache.set(PROXY_HEADER_SEEN_KEY, now, timeout=7 * 24 * 3600)
    logger.warning(
        "a request from %s carries a proxy's forwarded-for header, but TRUSTED_PROXY_COUNT is 0: every client "
        "behind that proxy shares its address for sign-in lockouts and throttles",
        request.META.get("REMOTE_ADDR", ""),
    )
    return True


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


# Outbound requests (webhooks to partner systems) ----------------------------------------------------------------

LOOPBACK_NAMES = ("localhost", "localhost.")


def is_loopback_host(host):
    """127.0.0.1, ::1 (any loopback address) or localhost."""
    host = (host or "").strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_public_address(address):
    """A globally routable address: not private, loopback, link-local (cloud metadata), multicast or reserved."""
    try:
        ip = ipaddress.ip_address(str(address).split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def outbound_url_problem(url, *, allow_loopback):
    """Why the portal must not send requests to `url` (None when it may): https to a public host only, or plain
    http to this machine when `allow_loopback` (development). Names are resolved again when sending
    (`resolved_problem`), since a name may point anywhere."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return "not a valid URL"
    if parts.username or parts.password:
        return "credentials in the URL are not accepted"
    if not host:
        return "the URL names no host"
    if is_loopback_host(host):
        if allow_loopback and parts.scheme in ("http", "https"):
            return None
        return "addresses of this machine are accepted in development only"
    if parts.scheme != "https":
        return "only https is accepted"
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None and not is_public_address(literal):
        return "private, link-local and reserved addresses are not accepted"
    return None


def resolved_problem(host, port, *, allow_loopback):
    """Why the addresses `host` resolves to must not be contacted (None when they may)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"the host cannot be resolved: {exc}"
    for info in infos:
        address = info[4][0]
        if is_public_address(address):
            continue
        if allow_loopback and ipaddress.ip_address(address.split("%")[0]).is_loopback:
            continue
        return f"{host} resolves to {address}, which is not a public address"
    return None
