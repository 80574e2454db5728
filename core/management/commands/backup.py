from django.core.management.base import BaseCommand

from core import backup


class Command(BaseCommand):
    help = (
        "Write a consistent archive of the database (pg_dump on PostgreSQL, the online backup on SQLite) and the "
        "uploaded files, with a manifest of row counts and checksums, into --output-dir (BACKUP_DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", help="Folder for the archive (default: BACKUP_DIR, var/backups).")

    def handle(self, *args, output_dir=None, **options):
        path, manifest = backup.backup(output_dir or backup.default_output_dir())
        rows = sum(manifest["tables"].values())
        size = sum(entry["size"] for entry in manifest["files"].values())
        for name in manifest["missing_files"]:
            self.stderr.write(f"warning: {name} is referenced by a row but missing from the file store")
        self.stdout.write(
            f"backup written to {path}: {len(manifest['tables'])} tables ({rows} rows), "
            f"{len(manifest['files'])} files ({size} bytes)"
        )
