"""One lease for rows that a worker sends: reminder deliveries (notifications) and webhook deliveries (webhooks).

A row is claimed in the database before anything is sent, so two workers never send it at once (the Healthchecks
idea: a conditional UPDATE, then send, then record on the row):

- `Model.objects.take(pk)` is that UPDATE: only a row that is `ready` (pending and due, or left "sending" by a
  worker whose lease has run out) becomes "sending", with `lease_until`, one more attempt and `last_attempt_at`.
  The lease outlasts the sending task's hard time limit, so a row is only taken again from a worker that is gone.
- `row.finish(status, ...)` records the outcome, only while this worker still holds the row (same attempt, still
  "sending"); a worker that outlived its lease writes nothing over the one that took the row after it.
- `row.retry_later(error)` after a failed attempt: back to "pending" with the next attempt further away (the
  model's `retries()`), or "failed" once the attempts are used up or the failure is permanent.
- `row.abandoned`: taken again and again after its workers died; the caller gives it up.

Each concrete model keeps its own `status` field (its own choices, which include PENDING, SENDING and FAILED) and
declares how long a worker holds a row (`lease_seconds()`) and when a failed attempt is tried again (`retries()`).
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# The states every leased row shares (its model's status choices name them, with labels, beside its own outcomes).
PENDING = "pending"  # waiting for its (next) attempt
SENDING = "sending"  # a worker holds it
FAILED = "failed"  # every attempt failed, or one failed for good: given up


@dataclass(frozen=True)
class Retries:
    """When a failed attempt is tried again: `delays[n - 1]` seconds after failed attempt n; after the last delay's
    attempt (attempt len(delays) + 1) the row is given up."""

    delays: tuple

    @classmethod
    def doubling(cls, first, cap, attempts):
        """`attempts` in all, waiting `first` seconds after the first failure, doubling up to `cap`."""
        return cls(tuple(min(first * 2**n, cap) for n in range(max(1, attempts) - 1)))

    @property
    def max_attempts(self):
        return len(self.delays) + 1

    def delay_after(self, attempt):
        """Seconds to wait after failed attempt number `attempt` (1, 2, ...), or None when it was the last."""
        return self.delays[attempt - 1] if 1 <= attempt <= len(self.delays) else None


class LeasedQuerySet(models.QuerySet):
    def ready(self, now=None):
        """Rows to send now: pending and due for an attempt, or held by a worker whose lease has run out."""
        now = now or timezone.now()
        return self.filter(Q(status=PENDING, next_attempt_at__lte=now) | Q(status=SENDING, lease_until__lt=now))

    def take(self, pk, now=None):
        """The conditional UPDATE that makes this worker the only one sending row `pk`; False when it is not ready
        (another worker holds it, it is not due yet, or it is finished)."""
        now = now or timezone.now()
        lease = datetime.timedelta(seconds=self.model.lease_seconds())
        taken = (
            self.ready(now)
            .filter(pk=pk)
            .update(status=SENDING, lease_until=now + lease, attempts=F("attempts") + 1, last_attempt_at=now)
        )
        return taken == 1

    def start_afresh(self):
        """Staff's "send again": the rows are due now, their attempts counted from zero."""
        return self.update(status=PENDING, attempts=0, next_attempt_at=timezone.now(), lease_until=None)


class LeasedDelivery(models.Model):
    """The lease's fields and the steps on them; `status` and what else a row records belong to the model."""

    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now, null=True, blank=True)
    lease_until = models.DateTimeField(_("held by a worker until"), null=True, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)

    objects = LeasedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def lease_seconds(cls):
        """How long a worker holds a row: longer than the sending task's hard time limit."""
        raise NotImplementedError

    @classmethod
    def retries(cls):
        """A `Retries`: when a failed attempt is tried again, and how many attempts there are."""
        raise NotImplementedError

    @property
    def abandoned(self):
        """Taken more often than it may be tried: its workers died while sending it (the lease ran out each time)."""
        return self.attempts > self.retries().max_attempts

    def finish(self, status, **fields):
        """Record the outcome, only while this worker still holds the row (same attempt, still sending)."""
        updated = (
            type(self)
            ._default_manager.filter(pk=self.pk, status=SENDING, attempts=self.attempts)
            .update(status=status, lease_until=None, **fields)
        )
        if not updated:
            logger.warning("%s %s: the lease ran out before the outcome was recorded", self._meta.label, self.pk)
        return bool(updated)

    def retry_later(self, error, *, permanent=False, **fields):
        """After a failed attempt: pending again with the next attempt further away, or failed when that was the
        last attempt (or trying again cannot help). Returns the seconds until the next attempt, or None."""
        delay = None if permanent else self.retries().delay_after(self.attempts)
        if delay is None:
            self.finish(FAILED, last_error=error, **fields)
        else:
            next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
            self.finish(PENDING, last_error=error, next_attempt_at=next_attempt_at, **fields)
        return delay
