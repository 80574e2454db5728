"""Reminders and the staff digest.

Finding what is due costs one query per rule (the date field equal to today + each lead time, or before today for
the overdue kinds) plus one query per audience, never a loop over all rows. Each delivery is claimed by inserting
its ReminderDelivery row first; the unique constraint makes a second claim fail, so a re-run, a retry or a second
worker never sends the same reminder twice.
"""

import datetime
import logging
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role, User
from chairmanship.models import Chairmanship
from measures.choices import PlanStatus, ReportStatus
from measures.models import ActionPlan, Coordination, ImplementationReport
from relations.choices import AgreementStatus
from relations.models import Agreement
from secretariat.choices import MeetingStatus, ResponsibleParty
from secretariat.models import Decision, Meeting

from . import emails
from .choices import OVERDUE_STAGE, STAFF_DIGEST, DeliveryStatus, ReminderKind, stage_for_lead
from .models import NotificationPreference, ReminderDelivery, ReminderRule

logger = logging.getLogger(__name__)

K = ReminderKind


@dataclass
class Due:
    obj: object
    stage: str
    due_on: datetime.date
    days: int | None


@dataclass
class RunResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    opted_out: int = 0
    would_send: int = 0
    dry_run: bool = False

    @property
    def summary(self):
        return f"sent {self.sent}, skipped {self.skipped}, failed {self.failed}"

    def as_dict(self):
        return asdict(self)


def candidates(kind):
    """The rows a kind of reminder can be about, and the date field it reminds of."""
    if kind in (K.REPORT_DUE, K.REPORT_OVERDUE):
        reports = ImplementationReport.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
        return reports.select_related("measure", "country"), "due_on"
    if kind in (K.MEETING_DOCUMENTS, K.MEETING_UPCOMING):
        meetings = Meeting.objects.exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.CONCLUDED])
        meetings = meetings.select_related("body", "host_country").prefetch_related("delegations")
        return meetings, "document_deadline" if kind == K.MEETING_DOCUMENTS else "start_on"
    if kind in (K.DECISION_DUE, K.DECISION_OVERDUE):
        decisions = Decision.objects.open().select_related("meeting__body", "responsible_country", "measure")
        return decisions, "deadline"
    if kind == K.PLAN_ENDING:
        return ActionPlan.objects.filter(status=PlanStatus.APPROVED).select_related("measure"), "period_end"
    if kind in (K.AGREEMENT_EXPIRY, K.AGREEMENT_RENEWAL):
        agreements = Agreement.objects.filter(status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_FORCE])
        return agreements.select_related("partner"), "expires_on" if kind == K.AGREEMENT_EXPIRY else "renewal_on"
    raise ValueError(f"unknown reminder kind {kind!r}")


def due_items(rule, on):
    """What `rule` reminds of on day `on`: one query, filtered on the date field in the database."""
    rows, field = candidates(rule.kind)
    if rule.is_overdue_kind:
        for obj in rows.filter(**{f"{field}__lt": on}).order_by(field, "pk"):
            yield Due(obj, OVERDUE_STAGE, getattr(obj, field), None)
        return
    leads = {on + datetime.timedelta(days=days): days for days in rule.leads}
    for obj in rows.filter(**{f"{field}__in": list(leads)}).order_by(field, "pk"):
        day = getattr(obj, field)
        yield Due(obj, stage_for_lead(leads[day]), day, leads[day])


@dataclass
class Audience:
    countries: set
    all_coordinators: bool = False
    secretariat: bool = False


class Recipients:
    """Resolves audiences to users with a handful of queries per rule, not per object."""

    def __init__(self, on):
        self.on = on
        self._secretariat = None
        self._all_coordinators = None
        self._chair_country_id = None

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

    def chair_country_id(self):
        if self._chair_country_id is None:
            term = Chairmanship.objects.on(self.on).order_by("-start_on").first()
            self._chair_country_id = term.country_id if term else 0
        return self._chair_country_id

    def coordinating_countries(self, measure_ids):
        """measure id -> ids of the countries coordinating it on the day, in one query."""
        found = {}
        rows = Coordination.objects.active(self.on).filter(measure_id__in=measure_ids)
        for measure_id, country_id in rows.values_list("measure_id", "country_id"):
            found.setdefault(measure_id, set()).add(country_id)
        return found

    def audience(self, rule, obj, coordinating):
        """Who hears about `obj` under `rule`; `coordinating` maps measure ids to coordinating countries."""
        audience = Audience(countries=set(), secretariat=rule.notify_secretariat)
        if isinstance(obj, ImplementationReport):
            if rule.notify_coordinators or rule.notify_responsible:
                audience.countries.add(obj.country_id)
        elif isinstance(obj, Meeting):
            if rule.notify_coordinators:
                delegations = {country.pk for country in obj.delegations.all()}
                if delegations:
                    audience.countries |= delegations
                else:
                    audience.all_coordinators = True
            if rule.notify_responsible and obj.host_country_id:
                audience.countries.add(obj.host_country_id)
        elif isinstance(obj, Decision):
            if rule.notify_coordinators and obj.measure_id:
                audience.countries |= coordinating.get(obj.measure_id, set())
            if rule.notify_responsible:
                party = obj.responsible_party
                if party == ResponsibleParty.MEMBER_STATE:
                    audience.countries.add(obj.responsible_country_id)
                elif party == ResponsibleParty.COORDINATORS:
                    audience.countries |= coordinating.get(obj.measure_id, set())
                elif party == ResponsibleParty.SECRETARIAT:
                    audience.secretariat = True
                elif party == ResponsibleParty.CHAIR and self.chair_country_id():
                    audience.countries.add(self.chair_country_id())
                elif party == ResponsibleParty.ALL_MEMBERS:
                    audience.all_coordinators = True
        elif isinstance(obj, ActionPlan):
            if rule.notify_coordinators or rule.notify_responsible:
                audience.countries |= coordinating.get(obj.measure_id, set())
        elif isinstance(obj, Agreement):
            # The Secretariat keeps the relations with partner organizations: it is the responsible party.
            audience.secretariat = audience.secretariat or rule.notify_responsible
        return audience

    def resolve(self, rule, items):
        """[(due item, [users])] for the due items of one rule."""
        measure_ids = {getattr(item.obj, "measure_id", None) for item in items} - {None}
        coordinating = self.coordinating_countries(measure_ids) if measure_ids else {}
        audiences = [self.audience(rule, item.obj, coordinating) for item in items]
        country_ids = set().union(*(a.countries for a in audiences)) - {None} if audiences else set()
        by_country = self.coordinators_by_country(country_ids) if country_ids else {}
        resolved = []
        for item, audience in zip(items, audiences, strict=True):
            users = {}
            if audience.all_coordinators:
                users.update((u.pk, u) for u in self.all_coordinators())
            for country_id in audience.countries:
                users.update((u.pk, u) for u in by_country.get(country_id, []))
            if audience.secretariat:
                users.update((u.pk, u) for u in self.secretariat())
            resolved.append((item, [users[pk] for pk in sorted(users)]))
        return resolved


def send_attempts():
    return max(1, settings.NOTIFICATIONS_SEND_ATTEMPTS)


def retry_delay():
    return settings.NOTIFICATIONS_RETRY_DELAY


def deliver(delivery, message):
    """Send a claimed delivery, retrying a bounded number of times; the outcome is written on the row."""
    attempts = send_attempts()
    error = ""
    for attempt in range(1, attempts + 1):
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any transport error is recorded on the delivery
            error = f"{exc.__class__.__name__}: {exc}"
            logger.warning("reminder %s: attempt %s of %s failed: %s", delivery.pk, attempt, attempts, error)
            ReminderDelivery.objects.filter(pk=delivery.pk).update(attempts=attempt, last_error=error)
            if attempt < attempts:
                time.sleep(retry_delay() * attempt)
            continue
        ReminderDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT, attempts=attempt, sent_at=timezone.now(), subject=message.subject[:300]
        )
        return DeliveryStatus.SENT
    ReminderDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, attempts=attempts, last_error=error, subject=message.subject[:300]
    )
    return DeliveryStatus.FAILED


def claim(rule, item, recipient, content_type):
    """Insert the delivery row; None when someone already claimed this (rule, object, recipient, stage)."""
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                rule=rule,
                content_type=content_type,
                object_id=item.obj.pk,
                recipient=recipient,
                stage=item.stage,
                due_on=item.due_on,
            )
    except IntegrityError:
        return None


def send_reminders(on=None, dry_run=False, rules=None):
    """Send every reminder due on `on` (today by default) under the enabled rules, each exactly once."""
    on = on or timezone.localdate()
    result = RunResult(dry_run=dry_run)
    recipients = Recipients(on)
    rules = rules if rules is not None else ReminderRule.objects.enabled().order_by("pk")
    for rule in rules:
        items = list(due_items(rule, on))
        if not items:
            continue
        opted_out = set(NotificationPreference.objects.opted_out(rule.kind))
        content_type = ContentType.objects.get_for_model(type(items[0].obj))
        for item, users in recipients.resolve(rule, items):
            for user in users:
                if user.pk in opted_out:
                    result.opted_out += 1
                    continue
                if dry_run:
                    already = ReminderDelivery.objects.filter(
                        rule=rule, content_type=content_type, object_id=item.obj.pk, recipient=user, stage=item.stage
                    ).exists()
                    if already:
                        result.skipped += 1
                    else:
                        result.would_send += 1
                    continue
                delivery = claim(rule, item, user, content_type)
                if delivery is None:
                    result.skipped += 1
                    continue
                try:
                    message = emails.reminder(
                        user, kind=rule.kind, obj=item.obj, stage=item.stage, due_on=item.due_on, days=item.days
                    )
                except Exception as exc:  # noqa: BLE001 - a claimed delivery must end sent or failed, never pending
                    error = f"{exc.__class__.__name__}: {exc}"
                    logger.exception("reminder %s could not be written", delivery.pk)
                    ReminderDelivery.objects.filter(pk=delivery.pk).update(
                        status=DeliveryStatus.FAILED, last_error=error
                    )
                    result.failed += 1
                    continue
                if deliver(delivery, message) == DeliveryStatus.SENT:
                    result.sent += 1
                else:
                    result.failed += 1
    logger.info("reminders for %s: %s (opted out %s)", on, result.summary, result.opted_out)
    return result


def digest_data(on=None):
    """What the weekly staff digest reports, each figure one query."""
    from jobs.models import JobRun

    on = on or timezone.localdate()
    soon = on + datetime.timedelta(days=30)
    open_reports = ImplementationReport.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
    return {
        "on": on,
        "decisions_open": Decision.objects.open().count(),
        "decisions_overdue": Decision.objects.overdue(on).count(),
        "decisions_due_soon": Decision.objects.open().filter(deadline__gte=on, deadline__lte=soon).count(),
        "reports_overdue": open_reports.filter(due_on__lt=on).count(),
        "reports_submitted": ImplementationReport.objects.filter(status=ReportStatus.SUBMITTED).count(),
        "meetings": list(
            Meeting.objects.filter(start_on__gte=on, start_on__lte=soon)
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("body")
            .order_by("start_on")[:20]
        ),
        "agreements_expiring": list(
            Agreement.objects.expiring_before(on + datetime.timedelta(days=90)).select_related("partner")[:20]
        ),
        "failed_deliveries": ReminderDelivery.objects.filter(
            status=DeliveryStatus.FAILED, created__date__gte=on - datetime.timedelta(days=7)
        ).count(),
        "job_runs": list(JobRun.objects.latest_per_job()),
    }


def send_staff_digest(on=None):
    """Send the weekly digest to every active Secretariat staff member who has not switched it off."""
    digest = digest_data(on)
    opted_out = set(NotificationPreference.objects.opted_out(STAFF_DIGEST))
    staff = User.objects.filter(role=Role.SECRETARIAT, is_active=True).exclude(email="").exclude(pk__in=opted_out)
    sent = failed = 0
    for user in staff.order_by("pk"):
        try:
            emails.staff_digest(user, digest=digest).send(fail_silently=False)
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            logger.exception("staff digest to %s failed", user.pk)
            failed += 1
        else:
            sent += 1
    return {"sent": sent, "failed": failed}


def notify_report_reviewed(report_id):
    """Email the reporting country's coordinators that the Secretariat accepted or returned their report."""
    report = ImplementationReport.objects.select_related("measure", "country").filter(pk=report_id).first()
    if report is None or report.status not in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
        return 0
    coordinators = Recipients.coordinators_of_queryset().filter(country_id=report.country_id).order_by("pk")
    sent = 0
    for user in coordinators:
        # Sent once per review: a failure is logged, not retried, so no coordinator is told twice.
        try:
            emails.report_reviewed(user, report=report).send()
        except Exception:  # noqa: BLE001
            logger.exception("report %s: the review notice to %s failed", report.pk, user.pk)
        else:
            sent += 1
    return sent
