"""API tokens for partner systems and coordinators' scripts.

A token is shown once, when it is issued: ``<prefix>.<secret>``. Only the prefix (not secret, used to find the row)
and the SHA-256 of the whole key are stored, so a leaked database does not leak working keys.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import SaneDatesMixin

PREFIX_BYTES = 4  # 8 hex characters
SECRET_BYTES = 32
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class TokenScope(models.TextChoices):
    READ = "read", _("read only")
    WRITE = "write", _("read and write")


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class APITokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked=False, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def issue(self, *, user, name, scope=TokenScope.READ, expires_at=None):
        """Create a token and return (token, plain key). The plain key is not kept anywhere: show it once."""
        token = self.model(user=user, name=name, scope=scope, expires_at=expires_at)
        key = token.set_new_key()
        token.save()
        return token, key

    def authenticate(self, key):
        """The usable token whose key is `key`, or None. Compares hashes in constant time."""
        prefix, _sep, secret = (key or "").partition(".")
        if not prefix or not secret or len(prefix) > PREFIX_BYTES * 2 or not key.isprintable():
            return None
        token = self.usable().select_related("user").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.key_hash, hash_key(key)):
            return None
        return token


class APIToken(SaneDatesMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. 'UNODC data sync'."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = APITokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def set_new_key(self):
        prefix = secrets.token_hex(PREFIX_BYTES)
        key = f"{prefix}.{secrets.token_urlsafe(SECRET_BYTES)}"
        self.prefix, self.key_hash = prefix, hash_key(key)
        return key

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def can_write(self):
        return self.scope == TokenScope.WRITE

    def revoke(self):
        self.revoked, self.revoked_at = True, timezone.now()
        self.save(update_fields=["revoked", "revoked_at"])

    def touch(self, now=None):
        """Record use, at most once per LAST_USED_RESOLUTION, so reading the API does not write on every request."""
        now = now or timezone.now()
        if self.last_used_at and now - self.last_used_at < LAST_USED_RESOLUTION:
            return False
        APIToken.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
        return True
