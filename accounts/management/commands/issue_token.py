import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.tokens import APIToken, TokenScope


class Command(BaseCommand):
    help = "Issue an API token for a user and print its key once (it is stored only as a hash)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Username of the token's owner.")
        parser.add_argument("--scope", default=TokenScope.READ, help="read (default) or write.")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'UNODC data sync'.")
        parser.add_argument("--expires", type=int, metavar="DAYS", help="Expire after this many days.")

    def handle(self, *args, user, scope, name, expires, **options):
        if scope not in TokenScope.values:
            raise CommandError(f"Unknown scope {scope!r}: use one of {', '.join(TokenScope.values)}.")
        try:
            owner = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {user!r}.") from exc
        if not owner.is_active:
            raise CommandError(f"User {user!r} is inactive.")
        if expires is not None and expires < 1:
            raise CommandError("--expires takes a number of days, at least 1.")
        expires_at = timezone.now() + datetime.timedelta(days=expires) if expires else None
        token, key = APIToken.objects.issue(user=owner, name=name, scope=scope, expires_at=expires_at)
        self.stdout.write(key)
        self.stderr.write(
            f"Issued {token.get_scope_display()} token {token.prefix}… for {owner.username}"
            + (f", expiring {expires_at:%Y-%m-%d %H:%M %Z}" if expires_at else "")
            + ". Copy the key now: it is not shown again."
        )
