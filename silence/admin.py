from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.admin import (
    DomainAdmin,
    DomainInline,
    IndexedSearchMixin,
    SpreadsheetExportMixin,
    WorkflowAdminMixin,
    status_badge,
)

from .models import SilenceNotice, SilenceProcedure, SilenceResponse


class SilenceResponseInline(DomainInline):
    """Every state's answer, as the states sent it: read-only (answers are given in the portal or the API)."""

    model = SilenceResponse
    fields = ("country", "kind", "text", "file", "author", "responded_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SilenceProcedure)
class SilenceProcedureAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = ("__str__", "body", "expires_at", status_badge(), "broken", "adopted_on", "letter")
    list_select_related = ("body", "decision__meeting__body", "document", "letter")
    list_filter = ("status", "body", ("expires_at", admin.DateFieldListFilter))
    search_fields = ("decision__title", "decision__title_ru", "document__symbol", "document__title", "note")
    search_help_text = _("Search by the text's title or symbol, or the covering note.")
    autocomplete_fields = ("decision", "document", "states")
    workflow_fields = ("status", "started_at", "extensions", "concluded_at", "adopted_on", "letter")
    inlines = (SilenceResponseInline,)
    fieldsets = (
        (None, {"fields": ("body", "decision", "document", "states", "expires_at", "status")}),
        (_("Covering note"), {"fields": ("note", "note_ru")}),
        (_("Outcome"), {"fields": ("started_at", "extensions", "concluded_at", "adopted_on", "letter")}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or not obj.has_started:
            return form

        class UnderSilenceForm(form):
            """Once under silence, the text, the states and the expiry change only through the steps (extend)."""

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                for name in SilenceProcedure.FIXED_UNDER_SILENCE:
                    if name in self.fields:
                        self.fields[name].disabled = True

        return UnderSilenceForm

    def get_actions(self, request):
        # Only the clock concludes: no list action offers to adopt (or not) by hand.
        actions = super().get_actions(request)
        for step in ("adopt", "not_adopt"):
            actions.pop(f"step_{step}", None)
        return actions

    def get_queryset(self, request):
        breaks = SilenceResponse.objects.breaking().filter(procedure=OuterRef("pk"))
        return super().get_queryset(request).annotate(silence_broken=Exists(breaks))

    @admin.display(description=_("silence broken"), ordering="silence_broken")
    def broken(self, obj):
        return _("broken") if getattr(obj, "silence_broken", False) else "—"


@admin.register(SilenceResponse)
class SilenceResponseAdmin(DomainAdmin):
    """The states' answers as they sent them (given in the portal or the API, never edited here)."""

    list_display = ("procedure", "country", "kind", "author", "responded_at")
    list_select_related = ("procedure__decision__meeting__body", "procedure__document", "country", "author")
    list_filter = ("kind", "country")
    search_fields = ("text", "country__name", "author__username")
    readonly_fields = ("procedure", "country", "kind", "text", "file", "author", "responded_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SilenceNotice)
class SilenceNoticeAdmin(IndexedSearchMixin, SpreadsheetExportMixin, admin.ModelAdmin):
    """What each concerned focal point was told, and whether the email went: read-only."""

    list_display = ("procedure", "recipient", "event", "language", "status", "attempts", "sent_at")
    list_filter = ("status", "event")
    list_select_related = ("procedure__decision__meeting__body", "procedure__document", "recipient")
    search_fields = ("recipient__username", "subject")
    readonly_fields = [f.name for f in SilenceNotice._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
