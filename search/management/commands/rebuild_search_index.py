from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.models import FileStatus, FileText
from search.sources import SOURCES
from search.tasks import extract_file_text


class Command(BaseCommand):
    help = (
        "Write the search index again for every record (or --type), dropping entries of records that are gone. "
        "With --read-files, also read uploaded files whose text is missing (or --read-files=all: every file)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--type", action="append", dest="kinds", metavar="TYPE", help=f"Only these types: {', '.join(SOURCES)}."
        )
        parser.add_argument(
            "--read-files",
            nargs="?",
            const="missing",
            choices=["missing", "all"],
            help="Queue text extraction for files never read (missing) or for every file (all).",
        )

    def handle(self, *args, kinds=None, read_files=None, **options):
        unknown = sorted(set(kinds or ()) - set(SOURCES))
        if unknown:
            raise CommandError(f"Unknown type {', '.join(unknown)}; choose from {', '.join(SOURCES)}.")
        sources = [SOURCES[kind] for kind in kinds] if kinds else list(SOURCES.values())
        if read_files:
            queued = self.read_files(sources, every=read_files == "all")
            self.stdout.write(f"queued {queued} files to read")
        counts = indexing.rebuild(sources)
        summary = ", ".join(f"{kind} {n}" for kind, n in counts.items())
        self.stdout.write(f"indexed {sum(counts.values())} entries: {summary}")

    def read_files(self, sources, every):
        queued = 0
        for source in sources:
            if source.file_model is None:
                continue
            label = source.file_model._meta.label_lower
            rows = source.file_model._default_manager.exclude(file="").values_list("pk", flat=True)
            if not every:
                done = FileText.objects.filter(model=label).exclude(status=FileStatus.PENDING).values("object_id")
                rows = rows.exclude(pk__in=done)
            for pk in rows:
                extract_file_text.delay(label, pk)
                queued += 1
        return queued
