"""The Secretariat's work inbox: what waits for staff, counted from the data, each item one click from its action.

Shown where staff land: on top of the portal's dashboard and on the admin's index. The counts are taken together in
one query (core.counting), and every link opens the admin list already filtered to the rows that need the action
(accept, approve, adopt ...).
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.counting import count_together
from measures.choices import MeasureStatus, PlanStatus, ReportStatus
from measures.models import ActionPlan, ImplementationReport, Measure
from notifications.choices import DeliveryStatus
from notifications.models import ReminderDelivery
from participation.choices import DelegationStatus
from participation.models import Delegation
from relations.models import Agreement
from secretariat.models import Decision, Meeting
from silence.choices import SilenceStatus
from silence.models import SilenceProcedure
from webhooks.models import WebhookSubscription

RENEWAL_WINDOW = datetime.timedelta(days=90)
DOCUMENTS_WINDOW = datetime.timedelta(days=30)


@dataclass(frozen=True)
class InboxItem:
    key: str
    label: str
    count: int
    url: str
    tone: str


def _changelist(model, **query):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def inbox_items(today):
    """(key, label, rows, admin link, tone) of each item of the inbox on day `today`."""
    waiting_measures = [MeasureStatus.PROPOSED, MeasureStatus.UNDER_CONSIDERATION]
    documents_due = {"document_deadline__gte": today, "document_deadline__lte": today + DOCUMENTS_WINDOW}
    items = [
        (
            "reports_submitted",
            _("Reports submitted, awaiting review"),
            ImplementationReport.objects.filter(status=ReportStatus.SUBMITTED),
            _changelist(ImplementationReport, status__exact=ReportStatus.SUBMITTED),
            "active",
        ),
        (
            "plans_under_review",
            _("Action plans awaiting approval"),
            ActionPlan.objects.filter(status=PlanStatus.UNDER_REVIEW),
            _changelist(ActionPlan, status__exact=PlanStatus.UNDER_REVIEW),
            "active",
        ),
        (
            "measures_waiting",
            _("Measures proposed or under consideration"),
            Measure.objects.filter(status__in=waiting_measures),
            _changelist(Measure, status__in=",".join(waiting_measures)),
            "pending",
        ),
        (
            "decisions_overdue",
            _("Decisions overdue"),
            Decision.objects.overdue(today),
            _changelist(Decision, follow_up="overdue"),
            "danger",
        ),
        (
            "agreements_expiring",
            _("MoUs expiring or due for renewal within 90 days"),
            Agreement.objects.expiring_before(today + RENEWAL_WINDOW),
            _changelist(Agreement, expiring_within="90"),
            "warning",
        ),
        (
            "documents_due",
            _("Meetings whose documents are due within 30 days"),
            Meeting.objects.upcoming(today).filter(**documents_due),
            _changelist(Meeting, **{key: value.isoformat() for key, value in documents_due.items()}),
            "warning",
        ),
        (
            "delegations_submitted",
            _("Delegations submitted, awaiting accreditation"),
            Delegation.objects.filter(status=DelegationStatus.SUBMITTED),
            _changelist(Delegation, status__exact=DelegationStatus.SUBMITTED),
            "active",
        ),
        (
            "under_silence",
            _("Texts under silence"),
            SilenceProcedure.objects.running(),
            _changelist(SilenceProcedure, status__exact=SilenceStatus.RUNNING),
            "active",
        ),
        (
            "reminders_failed",
            _("Reminders that failed"),
            ReminderDelivery.objects.filter(status=DeliveryStatus.FAILED),
            _changelist(ReminderDelivery, status__exact=DeliveryStatus.FAILED),
            "danger",
        ),
        (
            "webhooks_disabled",
            _("Webhooks disabled after failed deliveries"),
            WebhookSubscription.objects.failing(),
            _changelist(WebhookSubscription, failing="yes"),
            "danger",
        ),
    ]
    return items


def staff_inbox(today=None, also=None):
    """The inbox's items, counted in one query. `also` ({name: queryset}) is counted in the same query, for a page
    that needs more counts: its numbers come back as `(items, {name: count})`."""
    items = inbox_items(today or timezone.localdate())
    counts = count_together({key: rows for key, _label, rows, _url, _tone in items} | (also or {}))
    inbox = [InboxItem(key, label, counts[key], url, tone) for key, label, _rows, url, tone in items]
    if also is None:
        return inbox
    return inbox, {name: counts[name] for name in also}
