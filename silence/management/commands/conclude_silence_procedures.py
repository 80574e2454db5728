from django.core.management.base import BaseCommand

from silence import tasks
from silence.models import SilenceProcedure


class Command(BaseCommand):
    help = (
        "Conclude every silence procedure past its expiry, here and now, as the beat job does every minute (each once: "
        "adopted, or not adopted if a state broke silence). Ends with 'adopted N, not adopted M'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show how many are due; conclude nothing.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write(f"dry run: {SilenceProcedure.objects.due().count()} due")
            return
        self.stdout.write(tasks.conclude_silence_procedures()["summary"])  # the job itself, recorded as a run
