"""docs/ARCHITECTURE.md is a true one-page map, and the generated parts of the docs are current.

- it fits a page (at most 80 lines of at most 120 characters);
- every app of the project stands on it, and every name in its floors is an app;
- every dotted name it cites in backticks that starts with one of the project's packages resolves in the code (a
  module, class, function or queryset method renamed or removed makes the map untrue, and this test fails);
- docs/WORKFLOWS.md holds the workflow tables exactly as `manage.py workflows` prints them.
"""

import importlib
import re
import tomllib
from io import StringIO
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
MAP = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def test_the_map_fits_one_page():
    lines = MAP.splitlines()
    assert len(lines) <= 80, len(lines)
    assert max(len(line) for line in lines) <= 120


def test_every_app_is_on_the_map_and_every_floor_is_an_app():
    floors = MAP.split("```")[1]
    named = set(re.findall(r"(?:^|\s)([a-z_]+)/", floors))
    assert named == set(PACKAGES)


def resolve(dotted):
    """Import the longest importable module prefix of `dotted`, then read the rest as attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            target = getattr(target, name)
        return target
    raise ModuleNotFoundError(dotted)


def test_every_dotted_name_on_the_map_exists(db):
    cited = {
        name
        for name in re.findall(r"`([a-z_]+(?:\.[A-Za-z_]+)+)`", MAP)
        if name.split(".")[0] in PACKAGES and not name.endswith((".py", ".md", ".yaml", ".toml"))
    }
    assert len(cited) >= 15, sorted(cited)
    missing = []
    for name in sorted(cited):
        try:
            resolve(name)
        except (ImportError, AttributeError):
            missing.append(name)
    assert missing == []


def test_the_workflow_tables_are_as_declared(db):
    out = StringIO()
    call_command("workflows", stdout=out)
    text = (ROOT / "docs" / "WORKFLOWS.md").read_text()
    assert f"<!-- workflows:start -->\n{out.getvalue().strip()}\n<!-- workflows:end -->" in text, (
        "regenerate with `python manage.py workflows --write docs/WORKFLOWS.md`"
    )
