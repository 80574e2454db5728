"""Load CICA's reference data (referencedata/data/) into the database, idempotently.

Each row is matched on its natural key; a row is saved only when a value differs, so a second run writes nothing
and adds no history. Everything happens in one transaction: a bad row stops the load and leaves the database as
it was, with a ReferenceDataError naming the file and the row.
"""

import calendar
import csv
import datetime
import json
from collections import Counter
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction

from chairmanship.choices import InitiativeStatus, SubRegion
from chairmanship.models import Chairmanship, Country, Initiative, LegalInstrument, Priority, SustainableDevelopmentGoal
from core.models import DatePrecision
from core.workflows import importing
from measures.models import Coordination, Dimension, Measure
from relations.models import Agreement, PartnerOrganization
from secretariat.choices import MeetingStatus
from secretariat.models import Meeting, MeetingBody, StaffMember, StaffPosition

DATA_DIR = Path(__file__).resolve().parent / "data"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class ReferenceDataError(Exception):
    """A data file that cannot be loaded; the message names the file and the row."""


def parse_partial_date(text, *, end_of_period=False):
    """'1999' -> (1999-01-01, year), '2010-12' -> (2010-12-01, month), '2014-05-20' -> (that day, day).

    With end_of_period a year or month gives its last day instead (for the end of a period such as '2021-2024').
    Empty text gives (None, day).
    """
    text = (text or "").strip()
    if not text:
        return None, DatePrecision.DAY
    parts = text.split("-")
    try:
        if len(parts) == 1:
            year = int(parts[0])
            day = datetime.date(year, 12, 31) if end_of_period else datetime.date(year, 1, 1)
            return day, DatePrecision.YEAR
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            last = calendar.monthrange(year, month)[1] if end_of_period else 1
            return datetime.date(year, month, last), DatePrecision.MONTH
        return datetime.date.fromisoformat(text), DatePrecision.DAY
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)") from exc


def parse_day(text):
    """A date known to the day, or None; a partial date is refused where the model has no precision field."""
    value, precision = parse_partial_date(text)
    if value is not None and precision != DatePrecision.DAY:
        raise ValueError(f"{text!r}: give the full date YYYY-MM-DD or leave it empty")
    return value


def parse_bool(text):
    value = (text or "").strip().lower()
    if value in ("yes", "true", "1"):
        return True
    if value in ("no", "false", "0", ""):
        return False
    raise ValueError(f"{text!r} is not yes or no")


def describe_error(exc):
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
        return " ".join(exc.messages)
    if isinstance(exc, KeyError):
        return f"missing column {exc.args[0]!r}"
    return str(exc)


class Synchronizer:
    """Create or update rows by natural key, saving only what differs, and count what happened per model."""

    def __init__(self):
        self.tally = {}

    def count(self, model, outcome):
        self.tally.setdefault(model._meta.object_name, Counter())[outcome] += 1

    def sync(self, model, lookup, values=None, m2m=None):
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            outcome = CREATED
        else:
            changed = [name for name, value in values.items() if not self._same(obj, name, value)]
            for name in changed:
                setattr(obj, name, values[name])
            if changed:
                obj.save()
            outcome = UPDATED if changed else UNCHANGED
        for name, targets in (m2m or {}).items():
            manager = getattr(obj, name)
            wanted = {target.pk for target in targets}
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
                if outcome == UNCHANGED:
                    outcome = UPDATED
        self.count(model, outcome)
        return obj

    @staticmethod
    def _same(obj, name, value):
        field = obj._meta.get_field(name)
        if field.is_relation:
            return getattr(obj, field.attname) == (value.pk if value is not None else None)
        return getattr(obj, name) == value

    def summary_lines(self):
        for model, counts in self.tally.items():
            yield f"{model}: created {counts[CREATED]}, updated {counts[UPDATED]}, unchanged {counts[UNCHANGED]}"


class ReferenceLoader(Synchronizer):
    def __init__(self, data_dir=None):
        super().__init__()
        self.data_dir = Path(data_dir or DATA_DIR)

    def load(self):
        with transaction.atomic(), importing():
            self.load_countries()
            self.load_partners()
            self.load_agreements()
            self.load_dimensions()
            self.load_measures()
            self.load_coordinations()
            self.load_sdgs()
            self.load_chairmanships()
            self.load_priorities()
            self.load_bodies()
            self.load_meetings()
            self.load_instruments()
            self.load_staff_positions()
            self.load_staff_members()
        return self

    # Reading --------------------------------------------------------------------------------------------------

    def rows(self, filename):
        """Yield (where, row) for each data row of a CSV file; handle the row inside `with self.reporting(...)`."""
        path = self.data_dir / filename
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as exc:
            raise ReferenceDataError(f"{filename}: cannot read the file ({exc.strerror or exc})") from exc
        for number, row in enumerate(rows, start=1):
            where = _ErrorContext(filename, f"row {number} (line {number + 1})")
            if None in row:
                raise ReferenceDataError(f"{where}: more cells than columns")
            yield where, {key: (value or "").strip() for key, value in row.items()}

    def reporting(self, filename, where):
        return _ErrorContext(filename, where)

    def read_json(self, filename):
        try:
            return json.loads((self.data_dir / filename).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ReferenceDataError(f"{filename}: cannot read the file ({exc.strerror or exc})") from exc
        except json.JSONDecodeError as exc:
            raise ReferenceDataError(f"{filename}, line {exc.lineno}: not valid JSON ({exc.msg})") from exc

    @staticmethod
    def country(iso2):
        return lookup(Country, iso2=iso2)

    # Loading --------------------------------------------------------------------------------------------------

    def load_countries(self):
        for where, row in self.rows("countries.csv"):
            with where:
                joined_on, precision = parse_partial_date(row["joined"])
                self.sync(
                    Country,
                    {"iso2": row["iso2"]},
                    {
                        "name": row["name"],
                        "name_ru": row["name_ru"],
                        "cica_status": row["cica_status"],
                        "subregion": SubRegion.from_label(row["subregion"]),
                        "joined_on": joined_on,
                        "joined_precision": precision,
                        "note": row["note"],
                        "time_zone": row.get("time_zone", ""),
                    },
                )

    def load_partners(self):
        for where, row in self.rows("partners.csv"):
            with where:
                self.sync(
                    PartnerOrganization,
                    {"acronym": row["acronym"]},
                    {
                        "name": row["name"],
                        "name_ru": row["name_ru"],
                        "kind": row["kind"],
                        "is_observer": parse_bool(row["is_observer"]),
                        "note": row["note"],
                    },
                )

    def load_agreements(self):
        for where, row in self.rows("agreements.csv"):
            with where:
                partner = lookup(PartnerOrganization, acronym=row["partner"])
                self.sync(
                    Agreement,
                    {"partner": partner, "title": row["title"]},
                    {
                        "kind": row["kind"],
                        "status": row["status"],
                        "signed_on": parse_day(row["signed_on"]),
                        "signed_at": row["signed_at"],
                        "note": row["note"],
                    },
                )

    def load_dimensions(self):
        for where, row in self.rows("dimensions.csv"):
            with where:
                self.sync(
                    Dimension,
                    {"code": row["code"]},
                    {"order": int(row["order"]), "name": row["name"], "name_ru": row["name_ru"]},
                )

    def load_measures(self):
        for where, row in self.rows("measures.csv"):
            with where:
                self.sync(
                    Measure,
                    {"code": row["code"]},
                    {
                        "dimension": lookup(Dimension, code=row["dimension"]),
                        "title": row["title"],
                        "title_ru": row["title_ru"],
                        "status": row["status"],
                        "description": row["description"],
                    },
                )

    def load_coordinations(self):
        for where, row in self.rows("coordinations.csv"):
            with where:
                start_on, _ = parse_partial_date(row["start_on"])
                end_on, _ = parse_partial_date(row["end_on"], end_of_period=True)
                self.sync(
                    Coordination,
                    {
                        "measure": lookup(Measure, code=row["measure"]),
                        "country": self.country(row["country"]),
                        "start_on": start_on,
                    },
                    {"role": row["role"], "end_on": end_on, "note": row["note"]},
                )

    def load_sdgs(self):
        for where, row in self.rows("sdgs.csv"):
            with where:
                self.sync(
                    SustainableDevelopmentGoal,
                    {"number": int(row["number"])},
                    {"title": row["title"], "title_ru": row["title_ru"]},
                )

    def load_chairmanships(self):
        for where, row in self.rows("chairmanships.csv"):
            with where:
                start_on, start_precision = parse_partial_date(row["start"])
                end_on, end_precision = parse_partial_date(row["end"])
                concept_text = ""
                if row["concept_file"]:
                    concept_path = self.data_dir / row["concept_file"]
                    if not concept_path.is_file():
                        raise ValueError(f"concept file {row['concept_file']!r} not found")
                    concept_text = concept_path.read_text(encoding="utf-8").strip()
                self.sync(
                    Chairmanship,
                    {"start_on": start_on},
                    {
                        "country": self.country(row["country"]),
                        "start_precision": start_precision,
                        "end_on": end_on,
                        "end_precision": end_precision,
                        "theme": row["theme"],
                        "theme_ru": row["theme_ru"],
                        "concept_text": concept_text,
                        "note": row["note"],
                    },
                )

    def load_priorities(self):
        filename = "priorities.json"
        data = self.read_json(filename)
        with self.reporting(filename, "chairmanship"):
            chair = data["chairmanship"]
            chairmanship = lookup(
                Chairmanship, country__iso2=chair["country"], start_on=datetime.date.fromisoformat(chair["start"])
            )
        for p_index, item in enumerate(data.get("priorities", []), start=1):
            with self.reporting(filename, f"priority {item.get('number') or p_index}"):
                priority = self.sync(
                    Priority,
                    {"chairmanship": chairmanship, "number": item["number"]},
                    {
                        "title": item["title"],
                        "title_ru": item.get("title_ru", ""),
                        "description": item.get("description", ""),
                        "description_ru": item.get("description_ru", ""),
                    },
                )
            for i_index, initiative in enumerate(item.get("initiatives", []), start=1):
                with self.reporting(filename, f"priority {priority.number}, initiative {i_index}"):
                    sdgs = [lookup(SustainableDevelopmentGoal, number=n) for n in initiative.get("sdgs", [])]
                    status = initiative.get("status", InitiativeStatus.PROPOSED)
                    self.sync(
                        Initiative,
                        {"priority": priority, "title": initiative["title"]},
                        {
                            "title_ru": initiative.get("title_ru", ""),
                            "description": initiative.get("description", ""),
                            "description_ru": initiative.get("description_ru", ""),
                            "order": i_index,
                            **self.initiative_owner(initiative, chairmanship),
                            "status": status,
                            # An achieved initiative is done: 100% unless the file says otherwise (it may not).
                            "progress": initiative.get("progress", 100 if status == InitiativeStatus.ACHIEVED else 0),
                        },
                        m2m={"sdgs": sdgs},
                    )

    def initiative_owner(self, initiative, chairmanship):
        """Who proposed it, where the Concept names them; otherwise the Chair whose Concept lists it."""
        if "owner" not in initiative:
            chair = chairmanship.country
            return {
                "owner": f"Chair ({chair.name})",
                "owner_ru": f"Председатель ({chair.name_ru})" if chair.name_ru else "",
                "owner_country": chair,
            }
        iso2 = initiative.get("owner_country")
        return {
            "owner": initiative["owner"],
            "owner_ru": initiative.get("owner_ru", ""),
            "owner_country": self.country(iso2) if iso2 else None,
        }

    def load_bodies(self):
        # A body reports to one listed above it in the file.
        for where, row in self.rows("bodies.csv"):
            with where:
                self.sync(
                    MeetingBody,
                    {"code": row["code"]},
                    {
                        "name": row["name"],
                        "name_ru": row["name_ru"],
                        "aliases": row["aliases"],
                        "level": int(row["level"]),
                        "reports_to": lookup(MeetingBody, code=row["reports_to"]) if row["reports_to"] else None,
                        "cycle": row["cycle"],
                    },
                )

    def load_meetings(self):
        for where, row in self.rows("meetings.csv"):
            with where:
                self.sync(
                    Meeting,
                    {"body": lookup(MeetingBody, code=row["body"]), "number": int(row["number"])},
                    {
                        "start_on": parse_day(row["start"]),
                        "end_on": parse_day(row["end"]),
                        "venue": row["venue"],
                        "venue_ru": row.get("venue_ru", ""),
                        "host_country": self.country(row["host_country"]) if row["host_country"] else None,
                        "status": MeetingStatus.CONCLUDED,
                        "outcome": row["outcome"],
                    },
                )

    def load_instruments(self):
        for where, row in self.rows("instruments.csv"):
            with where:
                meeting = None
                if row["adopted_at"]:
                    body_code, _, number = row["adopted_at"].rpartition(" ")
                    meeting = lookup(Meeting, body__code=body_code, number=int(number))
                self.sync(
                    LegalInstrument,
                    {"title": row["title"]},
                    {
                        "title_ru": row["title_ru"],
                        "kind": row["kind"],
                        "adopted_on": parse_day(row["adopted_on"]),
                        "adopted_at": meeting,
                        "description": row["description"],
                    },
                )

    def load_staff_positions(self):
        for where, row in self.rows("staff_positions.csv"):
            with where:
                self.sync(
                    StaffPosition,
                    {"title": row["title"]},
                    {
                        "title_ru": row["title_ru"],
                        "category": row["category"],
                        "area": row["area"],
                        "is_active": parse_bool(row["is_active"]),
                    },
                )

    def load_staff_members(self):
        for where, row in self.rows("staff_members.csv"):
            with where:
                if not row["full_name"]:
                    continue  # The name was not found: no one to record.
                start, _ = parse_partial_date(row["contract_start"])
                end, _ = parse_partial_date(row["contract_end"], end_of_period=True)
                self.sync(
                    StaffMember,
                    {"full_name": row["full_name"], "position": lookup(StaffPosition, title=row["position"])},
                    {"nationality": self.country(row["nationality"]), "contract_start": start, "contract_end": end},
                )


def lookup(model, **criteria):
    """The one row matching `criteria`, or a ValueError that says what was looked for."""
    try:
        return model.objects.get(**criteria)
    except model.DoesNotExist:
        wanted = ", ".join(f"{key}={value!r}" for key, value in criteria.items())
        raise ValueError(f"no {model._meta.verbose_name} with {wanted}") from None


class _ErrorContext:
    """Turn any error raised while loading one row into a ReferenceDataError naming the file and the row."""

    def __init__(self, filename, where):
        self.filename, self.where = filename, where

    def __str__(self):
        return f"{self.filename}, {self.where}"

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None or isinstance(exc, ReferenceDataError):
            return False
        if isinstance(exc, (ValidationError, ValueError, KeyError, TypeError, ObjectDoesNotExist, DatabaseError)):
            raise ReferenceDataError(f"{self}: {describe_error(exc)}") from exc
        return False


def load_reference_data(data_dir=None):
    """Load every reference file; returns the loader, whose summary_lines() say what changed."""
    return ReferenceLoader(data_dir).load()
