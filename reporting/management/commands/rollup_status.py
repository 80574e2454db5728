from core.management.base import JobCommand
from reporting import services


class Command(JobCommand):
    help = "Compute the implementation-status roll-ups for today (or --date) and store them as snapshots."

    dry_run_help = "Print the roll-ups; store nothing."
    date_help = "The day of the snapshot (YYYY-MM-DD)."

    def handle(self, *args, dry_run=False, date=None, **options):
        result = services.rollup_status(on=date, dry_run=dry_run)
        if dry_run or options["verbosity"] > 1:
            for scope, rows in result["rollups"].items():
                for row in rows:
                    progress = "–" if row["progress"] is None else f"{row['progress']:.1f}%"
                    self.stdout.write(f"{scope}\t{row['object_id']}\t{progress}\t{row['label']}")
        stored = "nothing stored (dry run)" if dry_run else f"stored {result['stored']} snapshots"
        self.stdout.write(f"{result['date']}: {result['summary']}; {stored}")
