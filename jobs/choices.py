from django.db import models
from django.utils.translation import gettext_lazy as _


class JobOutcome(models.TextChoices):
    RUNNING = "running", _("running")
    OK = "ok", _("ok")
    PARTIAL = "partial", _("finished with failures")
    FAILED = "failed", _("failed")
