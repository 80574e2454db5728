"""Lists as spreadsheets (CSV and XLSX), written the same for every door.

`columns_for(model)` derives the columns of a model (its id and plain fields, a foreign key as the related row's
name, a choice as its label), each headed by the field's verbose name in the active language; a list may name its
columns instead (`export_columns`). `export_response(queryset, columns, fmt)` writes the rows a door already chose
(the portal list's filtered queryset, the admin changelist's, the API list's page): a spreadsheet never shows a row
the page does not.

Cells that a spreadsheet program would run as a formula (starting with =, +, -, @, a tab or a carriage return) are
written with a leading apostrophe (`guard`), and read back without it (`unguard`, core.spreadsheets.imports).
"""

import csv
import datetime
import decimal
import io
import json
from dataclasses import dataclass

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Columns never worth a spreadsheet cell: bookkeeping, search vectors, secrets.
SKIPPED_FIELDS = {"lock_version", "password", "key_hash", "vector"}
SKIPPED_TYPES = (models.BinaryField,)


def guard(value):
    """A text cell a spreadsheet program would evaluate as a formula, defused with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass(frozen=True)
class Column:
    name: str  # a field name, or a path of them (`action_plan__measure`)
    label: object  # lazy: rendered in the reader's language
    related: str | None = None  # the select_related the column needs

    def value(self, obj):
        for part in self.name.split("__")[:-1]:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        last = self.name.split("__")[-1]
        display = getattr(obj, f"get_{last}_display", None)
        if display is not None:
            return str(display())
        value = getattr(obj, last)
        if isinstance(value, models.Model):
            return str(value)
        if isinstance(value, models.fields.files.FieldFile):
            return value.name or ""
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return value


def _field_column(model, name):
    names = name.split("__")
    related = []
    current = model
    for part in names:
        model_field = current._meta.get_field(part)
        if model_field.is_relation and model_field.related_model is not None:
            related.append(part)
            current = model_field.related_model
    label = model_field.verbose_name if hasattr(model_field, "verbose_name") else part
    return Column(name, label, "__".join(related) if related else None)


def columns_for(model, names=None):
    """The columns of `model`: `names` (field names or paths), or its id and every plain and foreign-key field."""
    if names is None:
        names = [
            f.name
            for f in model._meta.concrete_fields
            if f.name not in SKIPPED_FIELDS
            and not isinstance(f, SKIPPED_TYPES)
            and not f.get_internal_type().endswith("VectorField")
            and not type(f).__name__.endswith("VectorField")
        ]
    return [_field_column(model, name) for name in names]


def with_related(queryset, columns):
    """The queryset with the joins its foreign-key columns read (and the foreign keys of those rows, which their
    names often show: a meeting is named by its body), so a spreadsheet costs one query however long."""
    related = set()
    for column in columns:
        if not column.related:
            continue
        related.add(column.related)
        target = queryset.model
        for part in column.related.split("__"):
            target = target._meta.get_field(part).related_model
        related.update(
            f"{column.related}__{f.name}" for f in target._meta.concrete_fields if f.many_to_one and not f.null
        )
    return queryset.select_related(*sorted(related)) if related else queryset


def header(columns):
    return [str(c.label)[:1].upper() + str(c.label)[1:] for c in columns]


def _cell(value, fmt):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return value.isoformat(sep=" ", timespec="seconds") if fmt == CSV else value
    if isinstance(value, datetime.date):
        return value.isoformat() if fmt == CSV else value
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal):
        return float(value) if fmt == XLSX else str(value)
    if fmt == XLSX and not isinstance(value, str | int | float):
        value = str(value)
    return guard(value)


def write_csv(header_row, rows):
    """UTF-8 with a byte-order mark, so spreadsheet programs read Cyrillic right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([guard(h) for h in header_row])
    for row in rows:
        writer.writerow([_cell(v, CSV) for v in row])
    return ("\ufeff" + out.getvalue()).encode()


def write_xlsx(header_row, rows, title=""):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(title or "Sheet")[:31])
    bold = []
    for text in header_row:
        cell = WriteOnlyCell(sheet, value=guard(text))
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        cells = []
        for value in row:
            value = _cell(value, XLSX)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(header_row, rows, fmt, title=""):
    if fmt == CSV:
        return write_csv(header_row, rows)
    if fmt == XLSX:
        return write_xlsx(header_row, rows, title)
    raise ValueError(f"Unknown spreadsheet format {fmt!r}")


def filename(model, fmt):
    return f"{model._meta.model_name}-{timezone.localdate().isoformat()}.{fmt}"


def export_response(queryset, columns, fmt):
    """The rows of `queryset` (already restricted and filtered by the door) as a CSV or XLSX download."""
    model = queryset.model
    rows = ([c.value(obj) for c in columns] for obj in with_related(queryset, columns).iterator(chunk_size=500))
    body = render(header(columns), rows, fmt, title=str(model._meta.verbose_name_plural))
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(model, fmt)}"'
    return response
