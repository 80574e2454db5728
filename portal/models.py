"""The portal's own data: a secret calendar address per user."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 24


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarTokenQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's token, created on first use."""
        token, _created = self.get_or_create(user=user, defaults={"token": new_token()})
        return token


class CalendarToken(models.Model):
    """The secret part of a user's iCalendar subscription address. Whoever knows it can read the feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(_("created"), auto_now=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return f"{self.user} ({self.token[:6]}…)"

    def rotate(self):
        """A new secret: the old subscription address stops working."""
        self.token = new_token()
        self.save(update_fields=["token", "created"])
        return self.token
