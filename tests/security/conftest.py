"""Helpers for the security tests: real codes from an authenticator app, an address to come from."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct-horse-battery"  # every persona's password (tests/factories.py)


def app_code(device, offset=0):
    """The code `device`'s authenticator app shows now (or `offset` steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled_app(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 10
