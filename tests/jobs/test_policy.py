"""Every task of the portal follows the one retry policy (jobs.policy): a database error is tried again, up to three
times; any other error is not."""

import pytest
from django.db import DatabaseError, OperationalError

from cica_portal.celery import app
from jobs.policy import RetriedTask, retried_task

# The tasks that stand outside the policy, each for a reason of its own.
EXEMPT = {
    "jobs.tasks.drain_outbox": "beat runs it every minute: a failed drain is the next run's work",
}
PROJECT_APPS = {"jobs", "notifications", "reporting", "search", "webhooks", "measures", "secretariat", "portal"}


def project_tasks():
    app.loader.import_default_modules()  # every app's tasks.py, as a worker loads them
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in PROJECT_APPS}


def test_every_task_of_the_portal_follows_the_retry_policy():
    tasks = project_tasks()
    assert "notifications.tasks.send_reminder" in tasks and "webhooks.tasks.deliver" in tasks

    outside = sorted(name for name, task in tasks.items() if not isinstance(task, RetriedTask) and name not in EXEMPT)

    assert outside == [], "declare these with jobs.policy.retried_task, or say in EXEMPT why they differ"
    assert set(EXEMPT) <= set(tasks), "an exempt task that no longer exists"


calls = []


@retried_task
def flaky(failures, error_name):
    calls.append(error_name)
    if len(calls) <= failures:
        raise {"operational": OperationalError, "database": DatabaseError, "value": ValueError}[error_name]("boom")
    return len(calls)


@pytest.fixture(autouse=True)
def _fresh_calls(monkeypatch):
    calls.clear()
    # Run eagerly, a retry runs at once; with errors propagated, Celery would raise its Retry instead of running it.
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def test_a_database_error_is_tried_again():
    assert flaky.apply(args=(2, "operational")).get() == 3


def test_after_three_retries_the_database_error_stands():
    with pytest.raises(DatabaseError):
        flaky.apply(args=(10, "database")).get()
    assert len(calls) == 4  # the first run and three retries


def test_other_errors_are_not_retried():
    with pytest.raises(ValueError, match="boom"):
        flaky.apply(args=(1, "value")).get()
    assert calls == ["value"]
