"""Every command example of the README works as typed, in a fresh database, in the order the README gives them.

The README writes each manage.py command as `make manage ARGS="..."`. This test reads those lines from the README
(its indented code blocks and its inline `code`), checks that the Makefile's `manage` target hands ARGS to
manage.py with DEBUG=true, and runs each command with call_command, as the target would.

Not run here, and why:
- `make run`, `make test`, `make lint`, `make worker`, `make beat` and the other targets themselves: they install
  packages, serve or run the suite; their recipes are plain manage.py / tool calls covered by their own tests.
- examples whose arguments are placeholders (`ARGS="issue_token ..."`): they show where a command goes, not what
  to type.
- `docker compose ...` and `make restore ARCHIVE=...` lines: they need compose, or a second, empty database
  (restore is tested in tests/core/test_backup.py).
- `backup`: it copies the database through a connection of its own, which waits for this test's open
  transaction; tests/core/test_backup.py runs it outside one.
"""

import re
import shlex
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = re.compile(r"""make manage ARGS=("[^"]*"|'[^']*')""")
PLACEHOLDER = "..."
NOT_RUN_HERE = {"backup"}  # see the module's docstring


def readme_examples():
    """The ARGS of every `make manage` example in the README, in order, as the shell would split them."""
    found = [shlex.split(match.group(0))[-1].removeprefix("ARGS=") for match in EXAMPLE.finditer(readme())]
    return [shlex.split(args) for args in found if PLACEHOLDER not in args]


def readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_writes_every_manage_py_command_through_make_manage():
    # No `python manage.py ...` example that fails outside the venv or without DEBUG=true; compose lines run
    # inside the container, where both are set.
    bare = [line for line in readme().splitlines() if "python manage.py" in line and "docker compose" not in line]
    assert bare == []
    assert len(readme_examples()) >= 10


def test_make_manage_hands_its_args_to_manage_py_with_debug_on():
    result = subprocess.run(  # noqa: S603 - make in dry-run mode prints the recipe, runs nothing
        ["make", "--dry-run", "--always-make", "manage", "ARGS=check --tag urls", "VENV=.venv"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "DEBUG=${DEBUG:-true} .venv/bin/python manage.py check --tag urls" in result.stdout


@pytest.mark.django_db
def test_each_command_example_of_the_readme_works_as_typed(settings, tmp_path):
    settings.DEBUG = True  # what `make manage` sets
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    ran = []
    for args in readme_examples():
        if args[0] in NOT_RUN_HERE:
            continue
        out = StringIO()
        print("README:", *args, flush=True)  # noqa: T201 - which example a failure is about
        call_command(*args, stdout=out, stderr=out)
        ran.append(args[0])
        if args[0] == "seed_demo":
            assert "unodc-system" in out.getvalue()
    # The README's first-run path and its partner token example are among them.
    assert {"load_reference_data", "seed_demo", "issue_token", "rollup_status", "send_reminders"} <= set(ran)


def make_dry_run(*arguments):
    return subprocess.run(  # noqa: S603 - make in dry-run mode prints the recipes, runs nothing
        ["make", "--dry-run", "--always-make", *arguments, "VENV=.venv"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def test_make_run_keeps_the_demo_password_in_var_unless_one_is_given():
    assert "seed_demo --password-file 'var/demo-password'" in make_dry_run("run")
    assert "seed_demo --password 's3cret-demo'" in make_dry_run("run", "PASSWORD=s3cret-demo")


def test_make_run_prints_and_mails_links_to_the_port_it_serves():
    recipes = make_dry_run("run", "PORT=8765").splitlines()
    for command in ("seed_demo", "runserver"):
        line = next(line for line in recipes if f"manage.py {command}" in line)
        assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8765}" in line, line
    assert any(line.endswith("runserver 127.0.0.1:8765") for line in recipes)
