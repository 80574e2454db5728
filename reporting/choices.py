from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    MEASURE = "measure", _("measure")
    DIMENSION = "dimension", _("dimension")
    PRIORITY = "priority", _("chairmanship priority")
    BODY = "body", _("meeting body")
    COUNTRY = "country", _("country")
