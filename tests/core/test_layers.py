"""The floors of the house are a contract (pyproject.toml, import-linter), checked by `make test` and CI.

These tests show the contract holds on the code as it is, and that it would catch an import running up the floors.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def lint_imports(where):
    return subprocess.run(  # noqa: S603 - the project's own tool on a copy of its own code
        [str(LINT_IMPORTS), "--config", "pyproject.toml", "--no-cache"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_code(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_every_import_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_importing_a_domain_app_breaks_the_contracts(tmp_path):
    tree = copy_of_the_code(tmp_path)
    with (tree / "core" / "models.py").open("a") as module:
        module.write("\nfrom measures.choices import ReportStatus  # noqa: E402,F401\n")

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "core imports no app of this project BROKEN" in result.stdout
    assert "core.models -> measures.choices" in result.stdout


def test_a_domain_app_importing_notifications_breaks_the_floors(tmp_path):
    tree = copy_of_the_code(tmp_path)
    with (tree / "measures" / "services.py").open("a") as module:
        module.write("\nfrom notifications import tasks  # noqa: E402,F401\n")

    result = lint_imports(tree)

    assert result.returncode == 1
    assert "Floors: each app imports only the floors below it" in result.stdout
    assert "measures.services -> notifications.tasks" in result.stdout
