from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    UN = "un", _("United Nations")
    UN_ENTITY = "un_entity", _("UN entity")
    UN_RELATED = "un_related", _("UN-related organization")
    REGIONAL = "regional", _("regional organization")
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental organization")
    INTERNATIONAL = "international", _("international organization")
    PARLIAMENTARY = "parliamentary", _("parliamentary assembly")
    FORUM = "forum", _("forum")
    NATIONAL = "national", _("national body")


UN_FAMILY = (PartnerKind.UN, PartnerKind.UN_ENTITY, PartnerKind.UN_RELATED)


class AgreementKind(models.TextChoices):
    MOU = "mou", _("memorandum of understanding")
    PROTOCOL = "protocol", _("protocol on cooperation")
    OTHER = "other", _("other instrument")


class AgreementStatus(models.TextChoices):
    UNDER_NEGOTIATION = "under_negotiation", _("under negotiation")
    SIGNED = "signed", _("signed")
    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    TERMINATED = "terminated", _("terminated")


class JointActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
