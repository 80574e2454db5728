"""Run by tests/core/test_sqlite_concurrency.py as its own process, against a file SQLite database configured exactly
as `make run` configures it (cica_portal.settings): 20 coordinators save activities in the portal at the same time
(one thread and one database connection each, through Django's test client), while `manage.py issue_token` and
`manage.py rollup_status` run beside them as separate processes, as the README suggests. Prints a JSON summary.

Usage: python tests/core/sqlite_writers.py /path/to/database.sqlite3
"""

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DATABASE = Path(sys.argv[1])
ENVIRONMENT = {**os.environ, "DATABASE_URL": f"sqlite:///{DATABASE}", "DEBUG": "true", "REDIS_URL": ""}
os.environ.update({key: ENVIRONMENT[key] for key in ("DATABASE_URL", "DEBUG", "REDIS_URL")})
os.environ["DJANGO_SETTINGS_MODULE"] = "cica_portal.settings"
sys.path.insert(0, str(BASE_DIR))

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

WRITERS = 20
SAVES_AT_LEAST = 3


def create_schema():
    """The tables of every model, straight from the models (migrating a new SQLite file takes a minute)."""
    with connection.schema_editor() as editor:
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy:
                editor.create_model(model)


def seed():
    from tests import factories

    kazakhstan = factories.CountryFactory(iso2="KZ", name="Kazakhstan")
    coordinator = factories.CoordinatorFactory(username="coord-kz", country=kazakhstan)
    measure = factories.MeasureFactory()
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    plan = factories.ActionPlanFactory(measure=measure)
    activities = [factories.ActivityFactory(action_plan=plan, host_country=kazakhstan) for _ in range(WRITERS)]
    return coordinator, [activity.pk for activity in activities]


def commands(done, results):
    """The management commands beside the portal, each a process of its own, one after the other."""
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    runs = [
        ["issue_token", "--user", "coord-kz", "--name", "Data sync 1"],
        ["rollup_status"],
        ["issue_token", "--user", "coord-kz", "--name", "Data sync 2"],
    ]
    try:
        for arguments in runs:
            command = [*manage, *arguments]  # this project's own commands
            run = subprocess.run(command, env=ENVIRONMENT, capture_output=True, text=True, check=False)  # noqa: S603
            results.append({"command": arguments[0], "returncode": run.returncode, "stderr": run.stderr[-2000:]})
    finally:
        done.set()


def writer(coordinator, activity_id, commands_done, statuses, errors):
    from measures.models import Activity

    client = Client(HTTP_HOST="127.0.0.1")
    try:
        client.force_login(coordinator)
        url = reverse("measures:activity_edit", args=[activity_id])
        saves = 0
        while saves < SAVES_AT_LEAST or not commands_done.is_set():
            activity = Activity.objects.get(pk=activity_id)
            data = {
                "title": activity.title,
                "kind": activity.kind,
                "start_on": activity.start_on.isoformat(),
                "end_on": activity.end_on.isoformat() if activity.end_on else "",
                "host_country": activity.host_country_id,
                "venue": activity.venue,
                "status": activity.status,
                "progress": (activity.progress + 1) % 100,
                "description": f"save {saves}",
                "seen_version": activity.lock_version,
            }
            response = client.post(url, data)
            statuses[response.status_code] += 1
            saves += 1
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()


def main():
    create_schema()
    coordinator, activity_ids = seed()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    connection.close()
    statuses, errors, command_results = Counter(), [], []
    commands_done = threading.Event()
    threads = [threading.Thread(target=commands, args=(commands_done, command_results))]
    threads += [
        threading.Thread(target=writer, args=(coordinator, pk, commands_done, statuses, errors)) for pk in activity_ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        json.dumps(
            {
                "journal_mode": journal_mode,
                "statuses": {str(code): n for code, n in statuses.items()},
                "errors": errors[:10],
                "commands": command_results,
            }
        )
    )


if __name__ == "__main__":
    main()
