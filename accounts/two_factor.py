"""The second factor (django-otp): a TOTP authenticator app, with one-time recovery codes for when it is lost.

Required for everyone who needs it (`User.needs_second_factor`: Secretariat staff, anyone who can reach the admin)
and for anyone who has set one up (coordinators may); a session counts as signed in only once verified.
Whether a session needs the second factor is decided when it signs in and kept in the session, so a page costs
no query to find it out.
"""

import base64
import re

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

REQUIRED_SESSION_KEY = "second_factor_required"
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
TOTP_CODE = re.compile(r"^\d{6}$")


def has_second_factor(user):
    return user.is_authenticated and user_has_device(user, confirmed=True)


def is_required(request):
    user = request.user
    return user.is_authenticated and (user.needs_second_factor or request.session.get(REQUIRED_SESSION_KEY, False))


def is_verified(request):
    user = request.user
    return user.is_authenticated and getattr(user, "is_verified", lambda: False)()


def is_satisfied(request):
    """Signed in, and verified with the second factor when this session needs it."""
    return not is_required(request) or is_verified(request)


def remember_requirement(sender, request, user, **kwargs):
    """On every sign-in (user_logged_in): does this session have to pass the second factor?"""
    session = getattr(request, "session", None)
    if session is not None:
        session[REQUIRED_SESSION_KEY] = bool(user.needs_second_factor or user_has_device(user, confirmed=True))


def normalize(code):
    return re.sub(r"[\s-]", "", code or "").lower()


def verify(request, code):
    """The device of request.user that accepts `code` (a TOTP code, or a recovery code, used up), or None.

    Each device throttles its own failures (django-otp); the caller counts them towards the sign-in lockout.
    """
    code = normalize(code)
    if not code:
        return None
    kind = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    for device in devices_for_user(request.user, confirmed=True):
        if isinstance(device, kind) and otp_verify_token(request.user, device.persistent_id, code):
            return device
    return None


def is_recovery_code(device):
    return isinstance(device, StaticDevice)


def sign_in(request, device):
    """Mark the session as verified by `device`."""
    otp_login(request, device)
    request.session[REQUIRED_SESSION_KEY] = True


def pending_app(user):
    """The authenticator app being set up: an unconfirmed TOTP device, the same one until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret(device):
    """The TOTP key in base32, as authenticator apps take it when typed in."""
    return base64.b32encode(device.bin_key).decode()


def qr_code_svg(device):
    """The otpauth:// address of `device` as an SVG QR code (attributes only, no inline style)."""
    title = _("QR code to scan with your authenticator app")
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff", title=title)


@transaction.atomic
def confirm_app(user, device):
    """`device` becomes the user's one authenticator app; returns a fresh set of recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones; returns them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove(user):
    """Delete every second-factor device of `user`; returns how many. Their sessions stop being verified."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    return removed


def ensure_app(user):
    """The user's authenticator app, made (confirmed, with a new key) if they have none: the demo account's."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
