import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from referencedata.demo import seed_demo


def password_from_file(path):
    """The password saved in `path`, or a new random one saved there (readable by the owner only) for next time."""
    path = Path(path)
    if path.exists():
        password = path.read_text(encoding="utf-8").strip()
        if not password:
            raise CommandError(f"{path} is empty: delete it to get a new password, or write one in it.")
        return password
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


class Command(BaseCommand):
    help = (
        "Create or refresh a demo data set dated around today (meetings, documents, decisions, plans, reports, "
        "staff, contributions, partnerships), demo accounts and a partner system's API token, loading the "
        "reference data first if needed, then store today's status roll-ups."
    )

    def add_arguments(self, parser):
        passwords = parser.add_mutually_exclusive_group()
        passwords.add_argument("--password", help="Password for every demo account (default: one random password).")
        passwords.add_argument(
            "--password-file",
            metavar="PATH",
            help="Read the password from PATH; when PATH does not exist, choose one and save it there "
            "(so every run keeps the same password).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (it creates accounts with known passwords)."
        )

    def handle(self, *args, password=None, password_file=None, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with known passwords, so it runs only with DEBUG on. "
                "Use --force to run it anyway."
            )
        if password is not None and not password.strip():
            raise CommandError("--password cannot be empty.")
        if password_file:
            password = password_from_file(password_file)
        seeder = seed_demo(password)
        for line in seeder.summary_lines():
            self.stdout.write(line)
        self.stdout.write(f"Roll-ups for {seeder.rollups['date']}: {seeder.rollups['summary']}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins:"))
        width = max(len(login.username) for login in seeder.logins)
        for login in seeder.logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.password}  {login.description}")
        if password_file:
            self.stdout.write(f"  (the password is kept in {password_file}; delete the file for a new one)")
        token = seeder.token
        self.stdout.write(
            self.style.SUCCESS(f"API token of the partner system {token.username} ({token.scope}, new on every run):")
            + f"\n  {token.key}"
            + f'\n  curl -H "Authorization: Token {token.key}" {settings.SITE_URL}/api/v1/rollups/?scope=dimension'
        )
        # The addresses served (SITE_URL: `make run` sets it to the host and port it serves, e.g. PORT=8765).
        self.stdout.write(
            self.style.SUCCESS("Open:")
            + f"\n  portal  {settings.SITE_URL}/portal/"
            + f"\n  admin   {settings.SITE_URL}/admin/"
            + f"\n  API     {settings.SITE_URL}/api/docs/"
        )
        factor = seeder.second_factor
        if factor is not None:
            self.stdout.write(
                self.style.SUCCESS(f"{factor.username} signs in with a second factor:")
                + f"\n  authenticator app key  {factor.secret}   ({factor.url})"
                + "\n  or one of these one-time recovery codes (new ones on every run):"
                + f"\n  {'  '.join(factor.recovery_codes)}"
            )
