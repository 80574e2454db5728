import datetime

from django.core.management.base import BaseCommand, CommandError


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from exc


class JobCommand(BaseCommand):
    """A job run by hand: `--dry-run` changes nothing, `--date` acts as if today were that day."""

    dry_run_help = "Show what would be done; change nothing."
    date_help = "Act as if today were this day (YYYY-MM-DD)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)
        parser.add_argument("--date", type=parse_date, help=self.date_help)
