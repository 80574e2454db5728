from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CONVENED = "convened", _("convened")
    CONCLUDED = "concluded", _("concluded")
    CANCELLED = "cancelled", _("cancelled")


class AgendaItemStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONCLUDED = "concluded", _("concluded")
    REFERRED = "referred", _("referred to a higher body")
    CARRIED_FORWARD = "carried_forward", _("carried forward")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("agenda")
    CONCEPT_NOTE = "concept_note", _("concept note")
    DRAFT_TEXT = "draft", _("draft text")
    ADOPTED_TEXT = "adopted", _("adopted text")
    REPORT = "report", _("report")
    MINUTES = "minutes", _("minutes")
    PARTICIPANTS = "participants", _("list of participants")
    OTHER = "other", _("other")


class DocumentStatus(models.TextChoices):
    CURRENT = "current", _("current")
    SUPERSEDED = "superseded", _("superseded by a revision")


class RevisionKind(models.TextChoices):
    """How a document relates to the original it belongs to, with the symbol suffix the UN and the OSCE use."""

    ORIGINAL = "original", _("original")
    REVISION = "revision", _("revision (Rev.)")
    CORRIGENDUM = "corrigendum", _("corrigendum (Corr.)")
    ADDENDUM = "addendum", _("addendum (Add.)")


# What a document may be followed by (the API's choice when issuing one).
NEW_REVISION_KINDS = [(kind.value, kind.label) for kind in RevisionKind if kind != RevisionKind.ORIGINAL]

REVISION_SUFFIXES = {RevisionKind.REVISION: "Rev", RevisionKind.CORRIGENDUM: "Corr", RevisionKind.ADDENDUM: "Add"}


class Distribution(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBER_STATES = "member_states", _("member states only")
    RESTRICTED = "restricted", _("restricted")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    OTHER = "other", _("other")


class ResponsibleParty(models.TextChoices):
    SECRETARIAT = "secretariat", _("the Secretariat")
    MEMBER_STATE = "member_state", _("a member state")
    COORDINATORS = "coordinators", _("the coordinators of a measure")
    CHAIR = "chair", _("the Chair")
    ALL_MEMBERS = "all_members", _("all member states")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    IMPLEMENTED = "implemented", _("implemented")
    REFERRED = "referred", _("referred to a higher body")
    SUPERSEDED = "superseded", _("superseded")
    CANCELLED = "cancelled", _("cancelled")


OPEN_DECISION_STATUSES = (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)

# Meetings still to be held (or being held): where a matter can be referred or items carried to.
UPCOMING_MEETING_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.CONVENED)


class StaffCategory(models.TextChoices):
    HEAD = "head", _("head of the Secretariat")
    ADVISER = "adviser", _("adviser")
    PROFESSIONAL = "professional", _("professional staff")
    TECHNICAL = "technical", _("technical staff")


class StaffArea(models.TextChoices):
    POLITICAL = "political", _("political")
    ECONOMIC = "economic", _("economic")
    CULTURAL_HUMANITARIAN = "cultural_humanitarian", _("cultural and humanitarian")
    ADMINISTRATION = "administration", _("administration and finance")
    GENERAL = "general", _("general")


class ContributionKind(models.TextChoices):
    ASSESSED = "assessed", _("assessed contribution")
    VOLUNTARY = "voluntary", _("voluntary contribution")
    SUPPORT_FUND = "support_fund", _("CICA Support Fund")
