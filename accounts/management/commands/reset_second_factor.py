from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's second factor (authenticator app and recovery codes), e.g. after a lost phone. "
        "Staff set up a new one at their next sign-in; their current sessions stop being verified."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user whose second factor to reset.")

    def handle(self, *args, username, **options):
        User = get_user_model()  # noqa: N806
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        removed = two_factor.remove(user)
        if not removed:
            self.stdout.write(f"{username} had no second factor: nothing to reset.")
            return
        then = "must set up a new one at the next sign-in" if user.needs_second_factor else "may set up a new one"
        self.stdout.write(self.style.SUCCESS(f"Second factor of {username} removed ({removed} device(s)); {then}."))
