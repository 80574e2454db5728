from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    REPORT_DUE = "report_due", _("implementation report due")
    REPORT_OVERDUE = "report_overdue", _("implementation report overdue")
    MEETING_DOCUMENTS = "meeting_documents", _("meeting documents deadline")
    MEETING_UPCOMING = "meeting_upcoming", _("meeting upcoming")
    DECISION_DUE = "decision_due", _("decision deadline near")
    DECISION_OVERDUE = "decision_overdue", _("decision overdue")
    PLAN_ENDING = "plan_ending", _("action plan period ending")
    AGREEMENT_EXPIRY = "agreement_expiry", _("agreement (MoU) expiry near")
    AGREEMENT_RENEWAL = "agreement_renewal", _("agreement (MoU) renewal near")


# Kinds whose single stage is "overdue" (the date has passed); the others fire `lead` days before the date.
OVERDUE_KINDS = (ReminderKind.REPORT_OVERDUE, ReminderKind.DECISION_OVERDUE)

OVERDUE_STAGE = "overdue"

STAFF_DIGEST = "staff_digest"

# What a user can switch off for themselves: every reminder kind and the weekly staff digest.
PREFERENCE_KINDS = [*ReminderKind.choices, (STAFF_DIGEST, _("weekly staff digest"))]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


def stage_for_lead(days):
    return f"{days}-days-before"
