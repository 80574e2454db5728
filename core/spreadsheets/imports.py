"""Spreadsheets back as changes: the rows of an uploaded CSV or XLSX file run through the form a person edits a row
with, previewed, then applied all or nothing.

An `ImportSpec` names a model, the form a person edits one row with (the same ModelForm, so the same validation,
workflow steps and history) and the columns a file may change. `read_rows(upload)` reads the file;
`plan_import(spec, user, rows)` runs every row through its form inside a transaction it always rolls back (the
preview); `apply_import` runs the very same code and commits only when no row is refused. Between the two the rows
wait in the session (`keep_rows`, `kept_rows`, `forget_rows`).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.permissions import CHANGE, VIEW, restrict

from .export import columns_for, unguard

# --- reading a file --------------------------------------------------------------------------------------------


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
