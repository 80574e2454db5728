"""What the operator watches of the background jobs (core.metrics, /metrics)."""

from django.db.models import Max, Min
from django.utils import timezone

from core.metrics import Gauge, register

from .choices import JobOutcome
from .models import JobRun, OutboxTask


def last_success_ages():
    """{job: seconds since its last run that finished ok}, for every job that has run ok at least once."""
    now = timezone.now()
    rows = JobRun.objects.filter(outcome=JobOutcome.OK).order_by().values("job").annotate(last=Max("finished_at"))
    return {row["job"]: (now - row["last"]).total_seconds() for row in rows if row["last"] is not None}


def oldest_waiting_age():
    oldest = OutboxTask.objects.aggregate(oldest=Min("created"))["oldest"]
    return (timezone.now() - oldest).total_seconds() if oldest else 0


register(
    Gauge(
        "cica_job_last_success_age_seconds",
        "Seconds since each background job last finished without failure (jobs.JobRun).",
        last_success_ages,
        label="job",
    )
)
register(
    Gauge(
        "cica_outbox_backlog",
        "Tasks waiting in the outbox for the broker (jobs.OutboxTask): above 0 for minutes means the broker is down.",
        lambda: OutboxTask.objects.count(),
    )
)
register(
    Gauge(
        "cica_outbox_oldest_age_seconds",
        "Seconds the oldest task has waited in the outbox (0 when it is empty).",
        oldest_waiting_age,
    )
)
