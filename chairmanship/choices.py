from django.db import models
from django.utils.translation import gettext_lazy as _


class CicaStatus(models.TextChoices):
    MEMBER = "member", _("member state")
    OBSERVER = "observer", _("observer state")


class SubRegion(models.TextChoices):
    """UN M49 sub-regions, used to report how Asia's sub-regions are represented."""

    CENTRAL_ASIA = "central_asia", _("Central Asia")
    EASTERN_ASIA = "eastern_asia", _("Eastern Asia")
    SOUTH_EASTERN_ASIA = "south_eastern_asia", _("South-eastern Asia")
    SOUTHERN_ASIA = "southern_asia", _("Southern Asia")
    WESTERN_ASIA = "western_asia", _("Western Asia")
    EASTERN_EUROPE = "eastern_europe", _("Eastern Europe")
    NORTHERN_AFRICA = "northern_africa", _("Northern Africa")
    NORTHERN_AMERICA = "northern_america", _("Northern America")

    @classmethod
    def from_label(cls, label):
        for value, text in cls.choices:
            if str(text).lower() == label.strip().lower():
                return value
        raise ValueError(f"unknown sub-region {label!r}")


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    UNDER_DISCUSSION = "under_discussion", _("under discussion")
    IN_PROGRESS = "in_progress", _("in progress")
    ACHIEVED = "achieved", _("achieved")
    STALLED = "stalled", _("stalled")
    DROPPED = "dropped", _("dropped")


class InstrumentKind(models.TextChoices):
    STATUTORY = "statutory", _("statutory document")
    DECLARATION = "declaration", _("declaration")
    REGULATIONS = "regulations", _("regulations")
    RULES_OF_PROCEDURE = "rules", _("rules of procedure")
    CATALOGUE = "catalogue", _("catalogue")
    GUIDELINES = "guidelines", _("guidelines")


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    UNDER_CONSIDERATION = "under_consideration", _("under consideration")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
