from django.core.management.base import BaseCommand

from core import backup


class Command(BaseCommand):
    help = (
        "Bring back a backup made by `manage.py backup` into an EMPTY database (DATABASE_URL) and an empty file "
        "store (MEDIA_ROOT), then check every table's row count and every file's checksum against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")

    def handle(self, *args, archive, **options):
        manifest = backup.restore(archive)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['files'])} files from "
            f"{archive}; every row count and checksum matches the manifest"
        )
