from django.conf import global_settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ListStatus(models.TextChoices):
    OPEN = "open", _("open for inscription")
    CLOSED = "closed", pgettext_lazy("speakers", "closed")


class InscriptionStatus(models.TextChoices):
    INSCRIBED = "inscribed", _("inscribed")
    SPOKE = "spoke", _("spoke")
    DID_NOT_SPEAK = "did_not_speak", _("did not speak")


class SpeakerRank(models.TextChoices):
    """Who speaks for the state: the protocol order staff follow when they order a list (highest first)."""

    HEAD_OF_STATE = "head_of_state", _("head of state or government")
    MINISTER = "minister", pgettext_lazy("speakers", "minister")
    HEAD_OF_DELEGATION = "head_of_delegation", pgettext_lazy("speakers", "head of delegation")
    DELEGATE = "delegate", pgettext_lazy("speakers", "delegate")


# Highest first: a list ordered by protocol puts heads of state first, then ministers, ..., each by inscription.
RANK_ORDER = [rank.value for rank in SpeakerRank]


class StatementStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    PUBLISHED = "published", pgettext_lazy("speakers", "published")


# A statement is delivered in a language of the state's choice: any language Django knows by its code.
STATEMENT_LANGUAGES = [(code, _(name)) for code, name in sorted(global_settings.LANGUAGES)]
