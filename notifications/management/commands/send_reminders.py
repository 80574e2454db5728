from core.management.base import JobCommand
from notifications import services


class Command(JobCommand):
    help = "Send the reminders due today (or on --date), each exactly once. Ends with 'sent N, skipped M, failed K'."

    dry_run_help = "Show what would be sent; send and record nothing."
    date_help = "Act as if today were this day (YYYY-MM-DD)."

    def handle(self, *args, dry_run=False, date=None, **options):
        result = services.send_reminders(on=date, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"dry run: would send {result.would_send}, opted out {result.opted_out}")
        self.stdout.write(result.summary)
