"""Every background job leaves a JobRun row: when it started and finished, how long it took, how it went."""

import functools
import traceback
from contextlib import contextmanager

from django.utils import timezone

from .choices import JobOutcome
from .models import JobRun


@contextmanager
def job_run(name):
    """Record a run of job `name`; set `run.summary` inside the block. A raised error marks the run failed."""
    run = JobRun.objects.create(job=name, started_at=timezone.now(), outcome=JobOutcome.RUNNING)
    try:
        yield run
    except BaseException as exc:
        tail = "".join(traceback.format_exception(exc)[-3:])
        _finish(run, JobOutcome.FAILED, f"{exc.__class__.__name__}: {exc}\n\n{tail}")
        raise
    _finish(run, JobOutcome.OK, run.summary)


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


def recorded_job(name):
    """Decorator for task functions: each call is recorded as a JobRun, its summary taken from the result."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with job_run(name) as run:
                result = func(*args, **kwargs)
                run.summary = summarize(result)
            return result

        return wrapper

    return decorate
