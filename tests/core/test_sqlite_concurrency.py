"""The embedded SQLite database of `make run` holds two people at once: portal saves and a management command write
at the same time, and each waits for the other instead of failing with "database is locked" (a 500)."""

import json
import subprocess
import sys
from pathlib import Path

WRITERS = Path(__file__).with_name("sqlite_writers.py")


def test_twenty_portal_saves_beside_management_commands_all_succeed(tmp_path):
    run = subprocess.run(  # noqa: S603 - this suite's own script
        [sys.executable, str(WRITERS), str(tmp_path / "cica.sqlite3")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["journal_mode"] == "wal"
    assert not summary["errors"], summary["errors"]
    # Every save redirects to the activity (302): none refused, none a 500.
    assert set(summary["statuses"]) == {"302"}, summary["statuses"]
    assert summary["statuses"]["302"] >= 20 * 3
    assert [c["command"] for c in summary["commands"]] == ["issue_token", "rollup_status", "issue_token"]
    assert all(c["returncode"] == 0 for c in summary["commands"]), summary["commands"]
