from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from .choices import JobOutcome


class JobRunQuerySet(models.QuerySet):
    def latest_per_job(self):
        """The last run of each job, in one query."""
        last = JobRun.objects.filter(job=OuterRef("job")).order_by("-started_at", "-pk").values("pk")[:1]
        return self.filter(pk=Subquery(last)).order_by("job")


class JobRun(models.Model):
    """One run of a background job, written by jobs.recorder.recorded_job around every task."""

    job = models.CharField(_("job"), max_length=100, db_index=True)
    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=JobOutcome.choices, default=JobOutcome.RUNNING, db_index=True
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = JobRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"


class OutboxTask(models.Model):
    """A task to queue once the transaction that asked for it has committed (the transactional outbox).

    Written in the same transaction as the change that needs it, so it exists exactly when the change does. After
    commit it is handed to the broker and deleted; when the broker cannot be reached the row stays, and
    `jobs.tasks.drain_outbox` (beat, every minute) queues it once the broker is back. Nothing is lost and a save is
    never answered with an error because Redis is down.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    # The request id (and user) of the request that asked for the task (core.logs): the task is published under it,
    # so its log lines share the request's id however late the broker takes it.
    log_context = models.JSONField(_("log context"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts to queue"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("task waiting for the broker")
        verbose_name_plural = _("tasks waiting for the broker")

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
