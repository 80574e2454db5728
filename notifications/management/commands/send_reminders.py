import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import services


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Send the reminders due today (or on --date), each exactly once. Ends with 'sent N, skipped M, failed K'."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would be sent; send and record nothing.")
        parser.add_argument("--date", type=parse_date, help="Act as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, date=None, **options):
        result = services.send_reminders(on=date, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"dry run: would send {result.would_send}, opted out {result.opted_out}")
        self.stdout.write(result.summary)
