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
