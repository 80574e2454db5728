from django.core.management.base import BaseCommand, CommandError

from referencedata.loader import DATA_DIR, ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Load CICA's reference data (member and observer states, partners and MoUs, dimensions, measures and their "
        "coordinators, chairmanships, the 2020-2022 priorities and initiatives, SDGs, bodies, meetings, legal "
        "instruments, heads of the Secretariat). Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", default=str(DATA_DIR), help="Folder of the data files (default: %(default)s)."
        )

    def handle(self, *args, data_dir, **options):
        try:
            loader = load_reference_data(data_dir)
        except ReferenceDataError as exc:
            raise CommandError(f"Reference data not loaded, nothing changed. {exc}") from exc
        for line in loader.summary_lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
