"""Lists as spreadsheets (CSV and XLSX), and spreadsheets back as changes: one mechanism for every door.

Export (`export.py`): the rows a door already chose, as a download. Import (`imports.py`): an uploaded file's rows
through the row's own form, previewed and then applied all or nothing. The doors (core.views.generic, core.admin,
core.api.renderers) use the names below.
"""

from .export import (
    CONTENT_TYPES,
    CSV,
    FORMATS,
    XLSX,
    Column,
    columns_for,
    export_response,
    guard,
    render,
    unguard,
    write_csv,
    write_xlsx,
)
from .imports import (
    MAX_IMPORT_ROWS,
    ImportPlan,
    ImportSpec,
    RowResult,
    UnreadableFile,
    applied_message,
    apply_import,
    forget_rows,
    keep_rows,
    kept_rows,
    plan_import,
    read_rows,
)

__all__ = [
    "CONTENT_TYPES",
    "CSV",
    "FORMATS",
    "MAX_IMPORT_ROWS",
    "XLSX",
    "Column",
    "ImportPlan",
    "ImportSpec",
    "RowResult",
    "UnreadableFile",
    "applied_message",
    "apply_import",
    "columns_for",
    "export_response",
    "forget_rows",
    "guard",
    "keep_rows",
    "kept_rows",
    "plan_import",
    "read_rows",
    "render",
    "unguard",
    "write_csv",
    "write_xlsx",
]
