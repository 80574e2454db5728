import datetime

from django.core.management.base import BaseCommand, CommandError

from reporting import services


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Compute the implementation-status roll-ups for today (or --date) and store them as snapshots."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print the roll-ups; store nothing.")
        parser.add_argument("--date", type=parse_date, help="The day of the snapshot (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, date=None, **options):
        result = services.rollup_status(on=date, dry_run=dry_run)
        if dry_run or options["verbosity"] > 1:
            for scope, rows in result["rollups"].items():
                for row in rows:
                    progress = "–" if row["progress"] is None else f"{row['progress']:.1f}%"
                    self.stdout.write(f"{scope}\t{row['object_id']}\t{progress}\t{row['label']}")
        stored = "nothing stored (dry run)" if dry_run else f"stored {result['stored']} snapshots"
        self.stdout.write(f"{result['date']}: {result['summary']}; {stored}")
