import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.files import referenced_files, stored_files


def orphan_files(storage=default_storage, older_than=datetime.timedelta(hours=1)):
    """Files no row points to, written more than `older_than` ago (a younger one may be an upload in flight)."""
    referenced = referenced_files()
    cutoff = timezone.now() - older_than
    for name in sorted(stored_files(storage)):
        if name not in referenced and storage.get_modified_time(name) < cutoff:
            yield name


class Command(BaseCommand):
    help = (
        "List the uploaded files that no row points to (left by an interrupted upload or a restore of the database "
        "alone); --delete removes them. Ends with 'orphan files: N (B bytes)'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete the orphan files (default: only list).")
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTES",
            help="Only files written at least this many minutes ago (default 60): younger ones may be in flight.",
        )

    def handle(self, *args, delete=False, older_than=60, **options):
        storage = default_storage
        found = size = 0
        for name in orphan_files(storage, datetime.timedelta(minutes=older_than)):
            found += 1
            size += storage.size(name)
            if delete:
                storage.delete(name)
                self.stdout.write(f"deleted {name}")
            else:
                self.stdout.write(name)
        verb = "deleted" if delete else "dry run, nothing deleted; --delete removes them"
        self.stdout.write(f"orphan files: {found} ({size} bytes), {verb}")
