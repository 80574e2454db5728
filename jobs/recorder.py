"""Every background job leaves a JobRun row: when it started and finished, how long it took, how it went.

A run whose worker died (killed, out of memory, a whole node lost) cannot finish its own row; the next run of any
job closes every run that has been "running" for longer than any task may run (JOBS_LOST_AFTER, by default the
Celery hard time limit plus a minute) as failed.
"""

import datetime
import functools
import traceback
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone

from .choices import JobOutcome
from .models import JobRun

LOST_SUMMARY = (
    "The worker running this job stopped before it finished (no outcome after {seconds} s); closed by a later run."
)


def close_lost_runs(now=None):
    """Mark as failed the runs still "running" long after any task would have been stopped; returns how many."""
    now = now or timezone.now()
    lost_after = settings.JOBS_LOST_AFTER
    cutoff = now - datetime.timedelta(seconds=lost_after)
    lost = JobRun.objects.filter(outcome=JobOutcome.RUNNING, started_at__lt=cutoff)
    return lost.update(outcome=JobOutcome.FAILED, finished_at=now, summary=LOST_SUMMARY.format(seconds=lost_after))


@contextmanager
def job_run(name):
    """Record a run of job `name`; set `run.summary` (and `run.outcome` for a partial success) inside the block.

    A raised error marks the run failed.
    """
    close_lost_runs()
    run = JobRun.objects.create(job=name, started_at=timezone.now(), outcome=JobOutcome.RUNNING)
    run.outcome = JobOutcome.OK
    try:
        yield run
    except BaseException as exc:
        tail = "".join(traceback.format_exception(exc)[-3:])
        _finish(run, JobOutcome.FAILED, f"{exc.__class__.__name__}: {exc}\n\n{tail}")
        raise
    _finish(run, run.outcome, run.summary)


def _finish(run, outcome, summary):
    finished = timezone.now()
    JobRun.objects.filter(pk=run.pk).update(
        finished_at=finished, duration=finished - run.started_at, outcome=outcome, summary=summary[:10000]
    )


def summarize(result):
    if isinstance(result, dict):
        if result.get("summary"):
            return str(result["summary"])
        return ", ".join(f"{key} {value}" for key, value in result.items())
    return "" if result is None else str(result)


def outcome_of(result):
    """A job that returns {"ok": False, ...} did its work but not all of it went well (e.g. emails failed)."""
    if isinstance(result, dict) and result.get("ok") is False:
        return JobOutcome.PARTIAL
    return JobOutcome.OK


def recorded_job(name):
    """Decorator for task functions: each call is recorded as a JobRun, its summary taken from the result."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with job_run(name) as run:
                result = func(*args, **kwargs)
                run.summary = summarize(result)
                run.outcome = outcome_of(result)
            return result

        return wrapper

    return decorate


def previous_run(name):
    """The last finished run of job `name`, or None."""
    return JobRun.objects.filter(job=name).exclude(outcome=JobOutcome.RUNNING).order_by("-started_at", "-pk").first()
