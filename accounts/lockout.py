"""Sign-in guards that stop an attacker without locking out the colleagues behind the same address.

Ministries and embassies reach the portal through one address (NAT, a proxy), so a lock by address alone would let
one person's typos, or one attacker, lock out a whole country. The guards, all read from django-axes' own tables
(so staff see them and lift them in the admin: *Axes -> Access attempts*):

- **the account** (django-axes, `AXES_LOCKOUT_PARAMETERS`): after SIGNIN_FAILURE_LIMIT failures for one username
  (from anywhere, and so also from one address) it is refused until the cool-off has passed; guessing one account's
  password stops within that many tries.
- **the address** (`AddressGuardBackend`): an address from which SIGNIN_ADDRESS_ACCOUNT_LIMIT different usernames
  failed within the cool-off is guessing accounts. It is throttled, but only for usernames that have never signed
  in successfully from it (axes' access log, the last SIGNIN_KNOWN_ADDRESS_DAYS days): the colleagues who work
  from that address keep signing in with their right passwords, each still under their own account's lock, while
  the attacker's new guesses are refused. One account's failures, however many, never throttle the address.
"""

import datetime
import logging

from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.utils import timezone

from core.addresses import client_address

logger = logging.getLogger(__name__)


def _since(delta):
    return timezone.now() - delta


def accounts_failed_from(address):
    """How many different usernames failed to sign in from `address` within the cool-off."""
    recent = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=_since(settings.AXES_COOLOFF_TIME))
    return recent.order_by().values("username").distinct().count()


def known_at(username, address):
    """Has `username` signed in successfully from `address` lately?"""
    since = _since(datetime.timedelta(days=settings.SIGNIN_KNOWN_ADDRESS_DAYS))
    return AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since).exists()


def address_refuses(username, address):
    """Is a sign-in as `username` from `address` refused because the address is guessing accounts?"""
    if not address:
        return False
    if accounts_failed_from(address) < settings.SIGNIN_ADDRESS_ACCOUNT_LIMIT:
        return False
    return not known_at(username, address)


class AddressGuardBackend:
    """Between django-axes' backend and the password check: refuses, with axes' lockout answer (429), a sign-in from
    an address that is guessing accounts, unless the account is known there. Never signs anyone in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not getattr(settings, "AXES_ENABLED", True):
            return None
        username = username if username is not None else kwargs.get(settings.AXES_USERNAME_FORM_FIELD)
        address = client_address(request)
        if address_refuses(username, address):
            logger.warning("sign-in of %r refused: %s is guessing accounts", username, address)
            # axes' middleware answers with its lockout page; axes' failure handler does not count this attempt.
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("sign-in refused: this address is guessing accounts")
        return None
