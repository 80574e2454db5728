"""Lists as spreadsheets (CSV and XLSX), and spreadsheets back as changes: one module for every door.

Export: `columns_for(model)` derives the columns of a model (its id and plain fields, a foreign key as the related
row's name, a choice as its label), each headed by the field's verbose name in the active language; a list may name
its columns instead (`export_columns`). `export_response(queryset, columns, fmt)` writes the rows a door already
chose (the portal list's filtered queryset, the admin changelist's, the API list's page): a spreadsheet never shows
a row the page does not.

Import: an `ImportSpec` names a model, the form a person edits one row with (the same ModelForm, so the same
validation, workflow steps and history) and the columns a file may change. `plan_import(spec, user, rows)` runs
every row through its form inside a transaction it always rolls back (the preview); `apply_import` runs the very
same code and commits only when no row is refused: all or nothing.

Cells that a spreadsheet program would run as a formula (starting with =, +, -, @, a tab or a carriage return) are
written with a leading apostrophe, and read back without it.
"""

import csv
import datetime
import decimal
import io
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.permissions import CHANGE, VIEW, restrict

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


# --- reading a file back --------------------------------------------------------------------------------------------


class UnreadableFile(ValueError):
    pass


def read_rows(upload):
    """The rows of an uploaded CSV or XLSX file as dicts keyed by the header's cells (first sheet, first row)."""
    name = (getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", None)
    if size is not None and size > settings.FILE_UPLOAD_MAX_BYTES:
        raise UnreadableFile(_("The file is too large."))
    if name.endswith(".xlsx"):
        from core.uploads import validate_upload

        try:
            validate_upload(upload)  # a real workbook, not a renamed file
        except ValidationError as error:
            raise UnreadableFile(_("The file could not be read as an XLSX workbook.")) from error
    data = upload.read()
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(_("The CSV file is not in UTF-8.")) from exc
        table = list(csv.reader(io.StringIO(text)))
    elif name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any broken workbook is the same answer to the person
            raise UnreadableFile(_("The file could not be read as an XLSX workbook.")) from exc
        table = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            table.append(list(row))
            if len(table) > MAX_IMPORT_ROWS + 1:
                break  # refused below, without reading the rest of a huge sheet
        book.close()
    else:
        raise UnreadableFile(_("Upload a .xlsx or .csv file."))
    if not table:
        raise UnreadableFile(_("The file is empty."))
    head = [str(h).strip() if h is not None else "" for h in table[0]]
    rows = []
    for cells in table[1:]:
        if all(c in (None, "") for c in cells):
            continue
        rows.append({head[i]: _plain(unguard(c)) for i, c in enumerate(cells) if i < len(head) and head[i]})
    if len(rows) > MAX_IMPORT_ROWS:
        raise UnreadableFile(_("The file has more than %(n)d rows; split it.") % {"n": MAX_IMPORT_ROWS})
    return rows


MAX_IMPORT_ROWS = 5000


def _plain(value):
    """A cell as JSON can keep it (the rows wait in the session between preview and apply)."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- import ---------------------------------------------------------------------------------------------------------


@dataclass
class ImportSpec:
    """What a spreadsheet may change: `model`, the `form_class` a person edits a row with, the `fields` a file may
    change, and the `export_fields` of the download that comes back (they include `id` and `fields`)."""

    model: type
    form_class: type
    fields: tuple
    export_fields: tuple
    title: str = ""

    def columns(self):
        return columns_for(self.model, list(self.export_fields))

    def editable(self, user):
        return restrict(self.model._default_manager.all(), user, CHANGE)

    def labels(self, name):
        """Every header a column may carry: its field name and its verbose name in each language."""
        model_field = self.model._meta.get_field(name)
        found = {name.lower()}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                found.add(str(model_field.verbose_name).lower())
        return found


@dataclass
class RowResult:
    line: int
    pk: object
    label: str = ""
    changes: list = field(default_factory=list)  # (field label, before, after)
    errors: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.changes) and not self.errors


@dataclass
class ImportPlan:
    rows: list
    errors: list = field(default_factory=list)  # about the file as a whole

    @property
    def bad_rows(self):
        return [r for r in self.rows if r.errors]

    @property
    def changed_rows(self):
        return [r for r in self.rows if r.changes and not r.errors]

    @property
    def ok(self):
        return not self.errors and not self.bad_rows


class _Refused(Exception):
    pass


def _column_map(spec, head):
    wanted = {"id": {"id", "pk", "#"}}
    wanted.update({name: spec.labels(name) for name in spec.fields})
    found = {}
    for cell in head:
        for name, labels in wanted.items():
            if cell.strip().lower() in labels:
                found[name] = cell
    return found


def _choice_value(model_field, value):
    """A choice cell holds the label (as exported) in any language, or the stored value."""
    if not model_field.choices or value in (None, ""):
        return value
    text = str(value).strip()
    for stored, label in model_field.flatchoices:
        if text == str(stored):
            return stored
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                if text.lower() == str(label).lower():
                    return stored
    return text


def _cell_value(model_field, value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and not isinstance(model_field, models.DateTimeField):
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _choice_value(model_field, value)


def _display(model_field, value):
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if value in (None, ""):
        return "–"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _form_kwargs(form_class, user):
    from core.forms import WorkflowModelForm

    return {"user": user} if issubclass(form_class, WorkflowModelForm) else {}


def _as_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _run(spec, user, rows):
    """Every row through its form and save; collect the results. The caller's transaction decides what is kept."""
    if not rows:
        return ImportPlan([], [_("The file has no rows.")])
    columns = _column_map(spec, list(rows[0].keys()))
    if "id" not in columns:
        return ImportPlan([], [_("The file has no id column: start from a downloaded spreadsheet.")])
    if not any(name in columns for name in spec.fields):
        return ImportPlan([], [_("The file has none of the columns that can be changed.")])
    ids = [_as_id(row.get(columns["id"])) for row in rows]
    allowed = spec.editable(user).filter(pk__in=ids).values("pk")
    editable = spec.model._default_manager.select_for_update().filter(pk__in=allowed).in_bulk()
    # Rows the user may see but not change: left alone when the file leaves them as they are (a list's download
    # holds them too), refused when it changes them. Rows hidden from the user are "no such row".
    visible = restrict(spec.model._default_manager.filter(pk__in=ids), user, VIEW).in_bulk()
    results, seen = [], set()
    for line, row in enumerate(rows, start=2):
        raw = row.get(columns["id"])
        result = RowResult(line=line, pk=raw)
        results.append(result)
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            result.errors.append(_("The id %(id)s is not a number.") % {"id": raw if raw not in (None, "") else "–"})
            continue
        result.pk = pk
        if pk in seen:
            result.errors.append(_("The id %(id)s appears twice in the file.") % {"id": pk})
            continue
        seen.add(pk)
        obj = editable.get(pk)
        if obj is None and pk in visible:
            result.label = str(visible[pk])
            if _differs(spec, visible[pk], row, columns):
                result.errors.append(
                    _("Row %(id)s is not one you may change (another country's, or closed to you).") % {"id": pk}
                )
            continue
        if obj is None:
            result.errors.append(_("There is no row with the id %(id)s.") % {"id": pk})
            continue
        result.label = str(obj)
        result.changes, result.errors = _apply_row(spec, user, obj, row, columns)
    return ImportPlan(results)


def _differs(spec, obj, row, columns):
    """Does the file change any of the columns it may change on `obj` (unreadable values count as a change)?"""
    for name in spec.fields:
        if name not in columns:
            continue
        model_field = spec.model._meta.get_field(name)
        value = _cell_value(model_field, row.get(columns[name]))
        try:
            value = model_field.to_python(value if value != "" else None)
        except ValidationError:
            return True
        if value != getattr(obj, name):
            return True
    return False


def _refused_step(spec, user, obj, data):
    """A status move the row's workflow (core.workflows) refuses this user, in the workflow's own words."""
    from core.workflows import workflow_for

    workflow = workflow_for(spec.model)
    if workflow is None or workflow.field not in spec.fields:
        return []
    target = data.get(workflow.field)
    if target in (None, "", workflow.state_of(obj)) or target not in workflow.states.values:
        return []
    try:
        workflow.resolve(obj, user, target=target)
    except ValidationError as error:
        return error.messages
    return []


def _apply_row(spec, user, obj, row, columns):
    form_class = spec.form_class
    blank = form_class(instance=obj, **_form_kwargs(form_class, user))
    data = {}
    for name in blank.fields:
        if name == "seen_version":
            continue
        value = blank[name].value()
        data[name] = "" if value is None else value
    for name in spec.fields:
        if name in columns:
            data[name] = _cell_value(spec.model._meta.get_field(name), row.get(columns[name]))
    refused = _refused_step(spec, user, obj, data)
    if refused:
        return [], refused
    form = form_class(data, instance=obj, **_form_kwargs(form_class, user))
    before = {name: getattr(obj, name) for name in spec.fields}
    if not form.is_valid():
        return [], _form_errors(form)
    changed = [name for name in form.changed_data if name in spec.fields]
    if not changed:
        return [], []
    fields = {name: spec.model._meta.get_field(name) for name in changed}
    changes = [
        (str(f.verbose_name), _display(f, before[name]), _display(f, form.cleaned_data[name]))
        for name, f in fields.items()
    ]
    form.instance._history_user = user
    try:
        with transaction.atomic():
            form.save()
    except ValidationError as error:
        return changes, error.messages
    return changes, []


def _form_errors(form):
    messages = []
    for name, errors in form.errors.items():
        if name in form.fields and name != "__all__":
            label = str(form.fields[name].label or name)
            messages.extend(f"{label}: {e}" for e in errors)
        else:
            messages.extend(errors)
    return messages


def plan_import(spec, user, rows):
    """What applying `rows` would change, row by row, without keeping anything."""
    try:
        with transaction.atomic():
            plan = _run(spec, user, rows)
            raise _Refused
    except _Refused:
        pass
    return plan


def apply_import(spec, user, rows):
    """Apply `rows` in one transaction: every change is kept, or (one row refused) none is."""
    plan = None
    try:
        with transaction.atomic():
            plan = _run(spec, user, rows)
            if not plan.ok:
                raise _Refused
    except _Refused:
        pass
    return plan


# --- the rows between preview and apply -----------------------------------------------------------------------------

SESSION_KEY = "spreadsheet_imports"


def keep_rows(session, spec, rows):
    """Keep an upload's rows in the session for "Apply"; the token names them (only the latest few are kept)."""
    import uuid

    token = uuid.uuid4().hex
    kept = dict(list(session.get(SESSION_KEY, {}).items())[-2:])
    kept[token] = {"model": spec.model._meta.label_lower, "rows": rows}
    session[SESSION_KEY] = kept
    return token


def kept_rows(session, spec, token):
    """The rows kept under `token` for this kind of row, or None (expired, spent, or another kind's)."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if not entry or entry.get("model") != spec.model._meta.label_lower:
        return None
    return entry["rows"]


def forget_rows(session, token):
    kept = session.get(SESSION_KEY, {})
    kept.pop(token, None)
    session[SESSION_KEY] = kept


def applied_message(plan):
    if plan.changed_rows:
        count = len(plan.changed_rows)
        return ngettext("%(count)d row changed.", "%(count)d rows changed.", count) % {"count": count}
    return _("No changes: the file matches the data.")
