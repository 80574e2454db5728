from django.db import models
from django.utils.translation import gettext_lazy as _


class SilenceStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    RUNNING = "running", _("under silence")
    ADOPTED = "adopted", _("adopted under silence procedure")
    NOT_ADOPTED = "not_adopted", _("not adopted (silence broken)")
    WITHDRAWN = "withdrawn", _("withdrawn")


CONCLUDED_STATUSES = (SilenceStatus.ADOPTED, SilenceStatus.NOT_ADOPTED)


class ResponseKind(models.TextChoices):
    OBJECTION = "objection", _("objection")
    AMENDMENT = "amendment", _("proposed amendment")
    CONSENSUS = "consensus", _("joins consensus")


# What breaks silence: a written objection or a proposed amendment.
BREAKING_KINDS = (ResponseKind.OBJECTION, ResponseKind.AMENDMENT)


class NoticeEvent(models.TextChoices):
    """What a concerned state is told of, by email and in the portal."""

    STARTED = "started", _("put under silence")
    BROKEN = "broken", _("silence broken")
    EXTENDED = "extended", _("silence period extended")
    ADOPTED = "adopted", _("adopted under silence procedure")
    NOT_ADOPTED = "not_adopted", _("not adopted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not sent (no email address)")
    FAILED = "failed", _("failed")
