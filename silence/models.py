"""Silence procedures: a text (a draft decision, or the current revision of a document) put before the states of a
body until an exact expiry; a state breaks silence with a written objection or amendment, or joins consensus.

The records: `SilenceProcedure` (the text, the body, the states concerned, the expiry, the outcome),
`SilenceResponse` (one state's answer: objection, amendment or consensus) and `SilenceNotice` (one concerned
focal point told of one happening: the exactly-once claim of its email, and what the portal lists as its inbox).
The clock decides: a procedure is open while the server's time is before `expires_at` (`is_open`), and both the
answer of a state and the conclusion ask it under the procedure's row lock (silence.workflows).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chairmanship.models import Country
from core.files import download_name
from core.models import DomainModel, localized
from core.permissions import RestrictedQuerySetMixin
from core.uploads import validate_upload
from core.workflows import is_importing
from jobs.leases import LeasedDelivery, LeasedQuerySet, Retries
from secretariat.choices import DocumentStatus
from secretariat.models import Decision, Document, MeetingBody

from .choices import BREAKING_KINDS, NoticeEvent, NoticeStatus, ResponseKind, SilenceStatus


def focal_points_of(countries):
    """The focal points of these states: active accounts holding the focal point right for one of `countries`
    (country rows, ids or a queryset). Everyone a silence procedure tells."""
    return get_user_model().objects.filter(is_active=True, is_focal_point=True, country__in=countries)


class SilenceProcedureQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def running(self):
        return self.filter(status=SilenceStatus.RUNNING)

    def due(self, now=None):
        """Running procedures whose expiry has come: what the conclusion job closes (a missed run catches up)."""
        return self.running().filter(expires_at__lte=now or timezone.now())

    def open(self, now=None):
        """Running procedures a state may still answer (the server's clock before the expiry)."""
        return self.running().filter(expires_at__gt=now or timezone.now())

    def concerning(self, country):
        """The procedures whose states include `country`."""
        return self.filter(states=country)


class SilenceProcedure(DomainModel):
    """A text under silence: adopted at `expires_at` unless a concerned state breaks silence before it."""

    body = models.ForeignKey(
        MeetingBody, on_delete=models.PROTECT, related_name="silence_procedures", verbose_name=_("body")
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="silence_procedures",
        verbose_name=_("draft decision"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="silence_procedures",
        verbose_name=_("document"),
        help_text=_("Its current revision: a superseded text cannot be put under silence."),
    )
    states = models.ManyToManyField(
        Country,
        blank=True,
        related_name="silence_procedures",
        verbose_name=_("states concerned"),
        help_text=_("Left empty, the member states of CICA (the members of the body) when the procedure starts."),
    )
    note = models.TextField(_("covering note (English)"), blank=True)
    note_ru = models.TextField(_("covering note (Russian)"), blank=True)
    expires_at = models.DateTimeField(
        _("silence expires at"), db_index=True, help_text=_("Date and time, Astana time unless your profile says else.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SilenceStatus.choices, default=SilenceStatus.DRAFT, db_index=True
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    adopted_on = models.DateField(
        _("adopted on"), null=True, blank=True, help_text=_("The expiry date: adopted under silence procedure.")
    )
    letter = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outcome letter"),
    )

    objects = SilenceProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("silence procedure")
        verbose_name_plural = _("silence procedures")
        ordering = ["-expires_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False, document__isnull=True)
                | Q(decision__isnull=True, document__isnull=False),
                name="silence_one_text",
                violation_error_message=_("Put one text under silence: a draft decision or a document."),
            )
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="silence_due")]

    def __str__(self):
        return _("Silence on %(text)s") % {"text": self.text_label}

    def clean(self):
        if bool(self.decision_id) == bool(self.document_id):
            raise ValidationError(_("Put one text under silence: a draft decision or a document."))
        if self.document_id and self._state.adding and self.document.status != DocumentStatus.CURRENT:
            current = self.document.family().filter(status=DocumentStatus.CURRENT).last()
            raise ValidationError(
                {
                    "document": _("This revision is superseded: put its current revision, %(symbol)s, under silence.")
                    % {"symbol": current.symbol if current else "—"}
                }
            )
        if self._state.adding and not is_importing() and self.expires_at and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": _("Give an expiry in the future.")})

    # The text ---------------------------------------------------------------------------------------------------

    @property
    def text(self):
        return self.decision if self.decision_id else self.document

    @property
    def text_label(self):
        text = self.text
        if text is None:
            return "—"
        if self.decision_id:
            return text.label
        return f"{text.symbol} {text.localized_title}"

    @property
    def localized_title(self):
        text = self.text
        return text.localized_title if text is not None else ""

    @property
    def localized_note(self):
        return localized(self, "note")

    # Once under silence, the text, the states and the expiry change only through the steps (extend); every door
    # that edits a procedure (the admin's form, the API) asks these two.
    FIXED_UNDER_SILENCE = ("body", "decision", "document", "states", "expires_at")

    @property
    def has_started(self):
        return self.status != SilenceStatus.DRAFT

    # The clock --------------------------------------------------------------------------------------------------

    def is_open(self, now=None):
        """Running and the server's clock before the expiry: a state may still answer, staff extend or withdraw."""
        return self.status == SilenceStatus.RUNNING and (now or timezone.now()) < self.expires_at

    def is_due(self, now=None):
        return self.status == SilenceStatus.RUNNING and (now or timezone.now()) >= self.expires_at

    def time_left(self, now=None):
        """What is left of the silence period (zero once expired)."""
        if self.status != SilenceStatus.RUNNING:
            return datetime.timedelta(0)
        return max(self.expires_at - (now or timezone.now()), datetime.timedelta(0))

    @property
    def expiry_date(self):
        """The expiry's date in Astana (the Secretariat's time zone): the date a text is adopted on."""
        return timezone.localtime(self.expires_at, timezone.get_default_timezone()).date()

    # Who and what -----------------------------------------------------------------------------------------------

    @property
    def is_running(self):
        return self.status == SilenceStatus.RUNNING

    @property
    def is_concluded(self):
        return self.status in (SilenceStatus.ADOPTED, SilenceStatus.NOT_ADOPTED)

    def concerns(self, country_id):
        return bool(country_id) and self.states.filter(pk=country_id).exists()

    def breaks(self):
        return self.responses.breaking()

    def is_broken(self):
        return self.breaks().exists()

    def default_states(self):
        """The members of the body: CICA's bodies are made of its member states (on the day it starts)."""
        return Country.objects.members_on(timezone.localdate())

    def focal_points(self):
        return focal_points_of(self.states.all())

    def response_of(self, country_id):
        return self.responses.filter(country_id=country_id).first()


class SilenceResponseQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def breaking(self):
        return self.filter(kind__in=BREAKING_KINDS)


class SilenceResponse(DomainModel):
    """One state's answer to a text under silence: a written objection or proposed amendment (breaking silence), or
    joining consensus. One per state and procedure; written only through the procedure's steps (silence.services)."""

    procedure = models.ForeignKey(
        SilenceProcedure, on_delete=models.CASCADE, related_name="responses", verbose_name=_("silence procedure")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="silence_responses", verbose_name=_("state")
    )
    kind = models.CharField(_("answer"), max_length=20, choices=ResponseKind.choices)
    text = models.TextField(_("text"), blank=True, help_text=_("The objection, or the amendment proposed."))
    file = models.FileField(_("file"), upload_to="silence/responses/%Y/", blank=True, validators=[validate_upload])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="silence_responses",
        verbose_name=_("sent by"),
    )
    responded_at = models.DateTimeField(_("received at"), default=timezone.now)

    objects = SilenceResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("silence response")
        verbose_name_plural = _("silence responses")
        ordering = ["responded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "country"],
                name="silence_one_answer_per_state",
                violation_error_message=_("This state has already answered."),
            ),
            models.CheckConstraint(
                condition=Q(kind="consensus") | ~Q(text=""),
                name="silence_break_is_written",
                violation_error_message=_("Write the objection or the amendment."),
            ),
        ]

    def __str__(self):
        return f"{self.country} – {self.get_kind_display()}"

    @property
    def breaks_silence(self):
        return self.kind in BREAKING_KINDS

    @property
    def download_name(self):
        return download_name(f"silence-{self.procedure_id}-{self.country.iso2}", self.file)


# The steps every concerned state is told of: the workflow's event -> what the notice is about.
TOLD = {
    "started": NoticeEvent.STARTED,
    "broken": NoticeEvent.BROKEN,
    "extended": NoticeEvent.EXTENDED,
    "adopted": NoticeEvent.ADOPTED,
    "not_adopted": NoticeEvent.NOT_ADOPTED,
    "withdrawn": NoticeEvent.WITHDRAWN,
}


def notice_key(procedure, event):
    """One notice per step: a break by its answer, any other step by the row's version after it."""
    response = getattr(procedure, "recorded_response", None)
    return f"{event}:{response.pk}" if event == "broken" and response else f"{event}:{procedure.lock_version}"


class SilenceNoticeQuerySet(LeasedQuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def claim(self, procedure, event, key):
        """One notice for each focal point of the states concerned (conflicts ignored: a repeated run claims
        nothing twice); returns the ids of this step's notices still to send."""
        recipients = procedure.focal_points().values_list("pk", flat=True)
        self.bulk_create(
            [SilenceNotice(procedure=procedure, recipient_id=pk, event=event, key=key) for pk in recipients],
            ignore_conflicts=True,
        )
        return list(self.filter(procedure=procedure, key=key, status=NoticeStatus.PENDING).values_list("pk", flat=True))


class SilenceNotice(LeasedDelivery):
    """One focal point of a concerned state told of one happening of a procedure (started, broken, extended,
    concluded, withdrawn). Inserted with conflicts ignored before anything is sent, so a repeated or concurrent run
    claims nothing twice; sent under a lease (jobs.leases). The portal lists a focal point's notices as its inbox."""

    procedure = models.ForeignKey(SilenceProcedure, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="silence_notices", verbose_name=_("to")
    )
    event = models.CharField(_("about"), max_length=20, choices=NoticeEvent.choices)
    key = models.CharField(_("occasion"), max_length=60, help_text=_("The step it tells of (one notice per step)."))
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING, db_index=True
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = SilenceNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("silence notice")
        verbose_name_plural = _("silence notices")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "recipient", "key"], name="silence_notice_once_per_step")
        ]
        indexes = [models.Index(fields=["recipient", "-created"], name="silence_notice_inbox")]

    def __str__(self):
        return f"{self.get_event_display()} – {self.recipient}"

    @classmethod
    def lease_seconds(cls):
        return settings.NOTIFICATIONS_SEND_LEASE

    @classmethod
    def retries(cls):
        return Retries.doubling(
            settings.NOTIFICATIONS_RETRY_DELAY,
            settings.NOTIFICATIONS_RETRY_MAX_DELAY,
            attempts=settings.NOTIFICATIONS_SEND_ATTEMPTS,
        )

    @property
    def message_id(self):
        return f"<silence-{self.pk}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"

    @property
    def response(self):
        """The answer a "broken" notice tells of."""
        if self.event != NoticeEvent.BROKEN:
            return None
        return SilenceResponse.objects.filter(pk=self.key.partition(":")[2]).select_related("country").first()
