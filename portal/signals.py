"""What the portal listens to: a changed password renews the user's secret calendar address."""

from accounts.signals import password_changed

from .models import CalendarToken


def on_password_changed(sender, user, **kwargs):
    # Whoever knew the old password may have copied the feed address too: the old address stops working.
    for token in CalendarToken.objects.filter(user=user):
        token.rotate()


def connect():
    password_changed.connect(on_password_changed, dispatch_uid="portal-rotate-calendar-address")
