import json

from rest_framework.renderers import BaseRenderer


class FileRenderer(BaseRenderer):
    """Lets a download answer whatever the client accepts (the file goes out with its own type, core.files:
    `Accept: application/pdf` or `application/octet-stream` alike); an error on that route is still JSON text."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:  # an error answer ({"detail", "errors"}) is JSON and says so
            response["Content-Type"] = "application/json"
        return json.dumps(data).encode()


def flatten(value, prefix=""):
    """One row of cells from a nested answer: {"a": {"b": 1}} -> {"a.b": 1}; a list of plain values is joined with
    "; ", a list of objects is kept as JSON text in one cell."""
    if isinstance(value, dict):
        cells = {}
        for key, item in value.items():
            cells.update(flatten(item, f"{prefix}{key}" if not prefix else f"{prefix}.{key}"))
        return cells
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return {prefix: "; ".join("" if item is None else str(item) for item in value)}
        return {prefix: json.dumps(value, ensure_ascii=False, default=str)}
    if isinstance(value, bool):
        return {prefix: "true" if value else "false"}
    return {prefix: value}


class CSVRenderer(BaseRenderer):
    """`?format=csv` on an API list: the page of results as CSV, one row per object, nested fields flattened
    (`measure.title`), headed by the JSON keys; cells that would run as formulas are defused (core.spreadsheets).
    The page, its size and the filters are those of the JSON answer; `Link` names the next page."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        from core.spreadsheets import write_csv

        response = (renderer_context or {}).get("response")
        items = data.get("results") if isinstance(data, dict) and "results" in data else data
        if not isinstance(items, list):
            items = [items]
        if response is not None and isinstance(data, dict) and data.get("next"):
            response["Link"] = f'<{data["next"]}>; rel="next"'
        rows = [flatten(item) for item in items]
        header = list(dict.fromkeys(key for row in rows for key in row))
        return write_csv(header, ([row.get(key) for key in header] for row in rows))
