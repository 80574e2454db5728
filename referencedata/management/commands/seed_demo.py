from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from referencedata.demo import seed_demo
from reporting.services import rollup_status


class Command(BaseCommand):
    help = (
        "Create or refresh a demo data set dated around today (meetings, documents, decisions, plans, reports, "
        "staff, contributions, partnerships) and demo accounts, loading the reference data first if needed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo account (default: one random password).")
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (it creates accounts with known passwords)."
        )

    def handle(self, *args, password=None, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with known passwords, so it runs only with DEBUG on. "
                "Use --force to run it anyway."
            )
        if password is not None and not password.strip():
            raise CommandError("--password cannot be empty.")
        seeder = seed_demo(password)
        for line in seeder.summary_lines():
            self.stdout.write(line)
        # The dashboard reads implementation status from the roll-ups: compute today's, as the nightly job would.
        self.stdout.write(f"Roll-ups: {rollup_status()['summary']}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins:"))
        width = max(len(login.username) for login in seeder.logins)
        for login in seeder.logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.password}  {login.description}")
        factor = seeder.second_factor
        if factor is not None:
            self.stdout.write(
                self.style.SUCCESS(f"{factor.username} signs in with a second factor:")
                + f"\n  authenticator app key  {factor.secret}   ({factor.url})"
                + "\n  or one of these one-time recovery codes (new ones on every run):"
                + f"\n  {'  '.join(factor.recovery_codes)}"
            )
