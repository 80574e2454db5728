"""Reminders, the staff digest and the review notice: what is due and to whom (the emails are notifications.emails).

A run of the reminder job costs what is due, not what has been: per rule, one query finds the rows whose current
stage is due and that no earlier run claimed (the claimed ones are subtracted in the database), a handful more
resolve the audiences, and one INSERT ... ON CONFLICT DO NOTHING claims them all (a ReminderDelivery row per
recipient; a concurrent run's claims are ignored, not sent twice). Then every delivery that is ready (just claimed,
due for a retry, or left by a worker that died) is sent: by its own task when the job runs on a worker, or here,
through one mail connection, when the job is run by hand. See notifications/sending.py for one delivery.
"""

import datetime
import logging
import uuid
from dataclasses import asdict, dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Role, User
from chairmanship.models import Chairmanship
from jobs.models import JobRun
from measures.choices import ReportStatus
from measures.models import Coordination, ImplementationReport
from relations.models import Agreement
from secretariat.models import Decision, Meeting

from .choices import STAFF_DIGEST, DeliveryStatus
from .models import NotificationPreference, ReminderDelivery, ReminderRule
from .sending import SKIPPED, MailConnection, deliver

logger = logging.getLogger(__name__)


@dataclass
class Due:
    obj: object
    stage: str
    due_on: datetime.date


@dataclass
class RunResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retrying: int = 0
    queued: int = 0
    cancelled: int = 0
    opted_out: int = 0
    would_send: int = 0
    dry_run: bool = False

    @property
    def summary(self):
        text = f"sent {self.sent}, skipped {self.skipped}, failed {self.failed}"
        extra = [f"{name} {count}" for name, count in (("retrying", self.retrying), ("queued", self.queued)) if count]
        return ", ".join([text, *extra])

    @property
    def ok(self):
        return not (self.failed or self.retrying)

    def as_dict(self):
        return asdict(self)


def due_rows(rule, reminder, on):
    """The rows whose current stage under `rule` is due on `on`, annotated with `reminder_stage`."""
    return reminder.due(rule.leads, on)


def claims_of(rule, reminder):
    return ReminderDelivery.objects.filter(rule=rule, content_type=ContentType.objects.get_for_model(reminder.model))


def due_items(rule, on, reminder=None):
    """What `rule` reminds of on day `on` and nobody claimed yet: one query, the claimed rows subtracted in SQL.

    A stage counts as claimed for an object once any recipient's delivery of it exists: the audience of a stage is
    the one of the run that claimed it (all its deliveries are inserted in one statement).
    """
    reminder = reminder or rule.reminder
    rows = due_rows(rule, reminder, on)
    claimed = claims_of(rule, reminder).filter(object_id=OuterRef("pk"), stage=OuterRef("reminder_stage"))
    field = reminder.date_field
    for obj in rows.filter(~Exists(claimed)).order_by(field, "pk"):
        yield Due(obj, obj.reminder_stage, getattr(obj, field))


SETTLED = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED)


def already_done(rule, on, reminder=None):
    """How many deliveries of what is due today earlier runs settled (one COUNT query): the run's "skipped"."""
    reminder = reminder or rule.reminder
    current = due_rows(rule, reminder, on).filter(pk=OuterRef("object_id"), reminder_stage=OuterRef("stage"))
    return claims_of(rule, reminder).filter(Exists(current), status__in=SETTLED).count()


class Recipients:
    """Resolves audiences to users with a handful of queries per rule, not per object.

    It is also the context the declarations' audience callables receive: `coordinating(measure_id)`,
    `chair_country_id()` and `assigned(obj)` (the countries a kind's `assignees` named for the object).
    """

    def __init__(self, on):
        self.on = on
        self._secretariat = None
        self._all_coordinators = None
        self._chair_country_id = None
        self._coordinating = {}
        self._assigned = {}

    def secretariat(self):
        if self._secretariat is None:
            staff = User.objects.filter(role=Role.SECRETARIAT, is_active=True).exclude(email="")
            self._secretariat = list(staff.order_by("pk"))
        return self._secretariat

    def all_coordinators(self):
        if self._all_coordinators is None:
            self._all_coordinators = list(self.coordinators_of_queryset().order_by("pk"))
        return self._all_coordinators

    @staticmethod
    def coordinators_of_queryset():
        return User.objects.filter(role=Role.COORDINATOR, is_active=True).exclude(email="")

    def coordinators_by_country(self, country_ids):
        found = {}
        for user in self.coordinators_of_queryset().filter(country_id__in=country_ids).order_by("pk"):
            found.setdefault(user.country_id, []).append(user)
        return found

    @staticmethod
    def focal_points_by_country(country_ids):
        found = {}
        users = User.objects.filter(is_focal_point=True, is_active=True, country_id__in=country_ids).exclude(email="")
        for user in users.order_by("pk"):
            found.setdefault(user.country_id, []).append(user)
        return found

    def chair_country_id(self):
        if self._chair_country_id is None:
            term = Chairmanship.objects.holding(self.on).first()
            self._chair_country_id = term.country_id if term else 0
        return self._chair_country_id

    def assigned(self, obj):
        """Ids of the countries responsible for `obj` (loaded for all due objects by `resolve`, see Reminder)."""
        return self._assigned.get((type(obj), obj.pk), set())

    def coordinating(self, measure_id):
        """Ids of the countries coordinating the measure on the day (loaded for all due objects by `resolve`)."""
        if measure_id is not None and measure_id not in self._coordinating:
            self.load_coordinating({measure_id})
        return self._coordinating.get(measure_id, set())

    def load_coordinating(self, measure_ids):
        self._coordinating.update({measure_id: set() for measure_id in measure_ids})
        rows = Coordination.objects.active(self.on).filter(measure_id__in=measure_ids)
        for measure_id, country_id in rows.values_list("measure_id", "country_id"):
            self._coordinating[measure_id].add(country_id)

    def resolve(self, rule, items, reminder=None):
        """[(due item, [users])] for the due items of one rule."""
        reminder = reminder or rule.reminder
        measure_ids = {reminder.measure(item.obj) for item in items} - {None} - set(self._coordinating)
        if measure_ids:
            self.load_coordinating(measure_ids)
        if reminder.assignees is not None and items:
            found = reminder.assignees([item.obj for item in items], self.on)
            self._assigned.update(((reminder.model, pk), countries) for pk, countries in found.items())
        audiences = [reminder.audience(rule, item.obj, self) for item in items]
        country_ids = set().union(*(a.countries for a in audiences)) - {None} if audiences else set()
        by_country = self.coordinators_by_country(country_ids) if country_ids else {}
        focal_ids = set().union(*(a.focal_points for a in audiences)) if audiences else set()
        focal_points = self.focal_points_by_country(focal_ids) if focal_ids else {}
        resolved = []
        for item, audience in zip(items, audiences, strict=True):
            users = {}
            if audience.all_coordinators:
                users.update((u.pk, u) for u in self.all_coordinators())
            for country_id in audience.countries:
                users.update((u.pk, u) for u in by_country.get(country_id, []))
            for country_id in audience.focal_points:
                users.update((u.pk, u) for u in focal_points.get(country_id, []))
            if audience.secretariat:
                users.update((u.pk, u) for u in self.secretariat())
            resolved.append((item, [users[pk] for pk in sorted(users)]))
        return resolved


def claim(rule, reminder, deliveries, batch):
    """Insert the claims in bulk; rows another run claimed meanwhile are left alone (ON CONFLICT DO NOTHING)."""
    content_type = ContentType.objects.get_for_model(reminder.model)
    rows = [
        ReminderDelivery(
            rule=rule,
            content_type=content_type,
            object_id=item.obj.pk,
            recipient=user,
            stage=item.stage,
            due_on=item.due_on,
            batch=batch,
        )
        for item, user in deliveries
    ]
    ReminderDelivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def send_now(ids, result):
    """Send the deliveries in this process through one mail connection; a server that cannot be reached or
    hangs ends the run's sending: the rest wait for the next run, without losing an attempt.

    Afterwards `result.retrying` is the number of deliveries not settled yet (waiting for their next attempt).
    """
    connection = MailConnection()
    try:
        for delivery_id in ids:
            outcome = deliver(delivery_id, connection)
            count(result, outcome.status)
            if outcome.connection_failed:
                break
    finally:
        connection.close()
    result.retrying = ReminderDelivery.objects.exclude(status__in=SETTLED).count()


def count(result, status):
    if status == DeliveryStatus.SENT:
        result.sent += 1
    elif status == DeliveryStatus.FAILED:
        result.failed += 1
    elif status == DeliveryStatus.CANCELLED:
        result.cancelled += 1
    elif status == SKIPPED:
        result.skipped += 1


def send_reminders(on=None, dry_run=False, rules=None, dispatch=None):
    """Claim every reminder due on `on` (today by default) under the enabled rules, then send what is ready.

    `dispatch(ids, result)` sends the ready deliveries; by default they are sent here (`send_now`), the job on a
    worker passes one that queues a task per delivery.
    """
    on = on or timezone.localdate()
    result = RunResult(dry_run=dry_run)
    recipients = Recipients(on)
    batch = uuid.uuid4()
    rules = rules if rules is not None else ReminderRule.objects.enabled().order_by("pk")
    for rule in rules:
        reminder = rule.reminder
        if reminder is None:
            logger.warning("reminder rule %s: no app declares the kind %r; skipped", rule.pk, rule.kind)
            continue
        result.skipped += already_done(rule, on, reminder)
        items = list(due_items(rule, on, reminder))
        if not items:
            continue
        opted_out = set(NotificationPreference.objects.opted_out(rule.kind, roles=reminder.opt_out_roles))
        deliveries = []
        for item, users in recipients.resolve(rule, items, reminder):
            for user in users:
                if user.pk in opted_out:
                    result.opted_out += 1
                else:
                    deliveries.append((item, user))
        if dry_run:
            result.would_send += len(deliveries)
        elif deliveries:
            claim(rule, reminder, deliveries, batch)
    if not dry_run:
        ready = list(ReminderDelivery.objects.ready().order_by("next_attempt_at", "pk").values_list("pk", flat=True))
        (dispatch or send_now)(ready, result)
    logger.info("reminders for %s: %s (opted out %s)", on, result.summary, result.opted_out)
    return result


def failed_since(moment):
    """Deliveries given up since `moment` (their last attempt failed then)."""
    return ReminderDelivery.objects.failed().filter(last_attempt_at__gte=moment).count()


def digest_data(on=None):
    """What the weekly staff digest reports, each figure one query."""
    on = on or timezone.localdate()
    soon = on + datetime.timedelta(days=30)
    return {
        "on": on,
        "decisions_open": Decision.objects.open().count(),
        "decisions_overdue": Decision.objects.overdue(on).count(),
        "decisions_due_soon": Decision.objects.open().filter(deadline__gte=on, deadline__lte=soon).count(),
        "reports_overdue": ImplementationReport.objects.overdue(on).count(),
        "reports_submitted": ImplementationReport.objects.filter(status=ReportStatus.SUBMITTED).count(),
        "meetings": list(
            Meeting.objects.upcoming(on).filter(start_on__lte=soon).select_related("body").order_by("start_on")[:20]
        ),
        "agreements_expiring": list(
            Agreement.objects.expiring(datetime.timedelta(days=90), on=on).select_related("partner")[:20]
        ),
        "failed_deliveries": ReminderDelivery.objects.failed()
        .filter(last_attempt_at__date__gte=on - datetime.timedelta(days=7))
        .count(),
        "job_runs": list(JobRun.objects.latest_per_job()),
    }


def digest_recipients():
    """Ids of the active Secretariat staff with an email address who have not switched the digest off."""
    opted_out = NotificationPreference.objects.opted_out(STAFF_DIGEST)
    staff = User.objects.filter(role=Role.SECRETARIAT, is_active=True).exclude(email="").exclude(pk__in=opted_out)
    return list(staff.order_by("pk").values_list("pk", flat=True))


def mail_recipient(user_id):
    """The user by id while they are active and have an email address (else None): whom a task's email goes to."""
    return User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()


def reviewed_report(report_id):
    """The report by id while it stands accepted or returned (else None): what a review notice is about."""
    return ImplementationReport.objects.reviewed().select_related("measure", "country").filter(pk=report_id).first()


def review_recipients(report_id):
    """Ids of the reporting country's coordinators, when the report stands accepted or returned."""
    report = reviewed_report(report_id)
    if report is None:
        return []
    coordinators = Recipients.coordinators_of_queryset().filter(country_id=report.country_id)
    return list(coordinators.order_by("pk").values_list("pk", flat=True))


def review_recipient(user_id):
    """The coordinator by id while they may still receive review notices (else None)."""
    return Recipients.coordinators_of_queryset().filter(pk=user_id).first()
