from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.admin import (
    DomainAdmin,
    DomainInline,
    WorkflowAdminMixin,
    counted,
    related_list,
    service_action,
    status_badge,
)
from core.forms import VersionedModelForm
from core.uploads import validate_upload

from . import services
from .models import Inscription, SpeakersList, Statement


class InscriptionInline(DomainInline):
    """The list in the order the floor is given: staff change the places here (or order the list by protocol)."""

    model = Inscription
    fields = ("position", "country", "speaker", "rank", "status")
    readonly_fields = ("status",)
    autocomplete_fields = ("country",)
    ordering = ("position", "created", "id")


class StatementInline(DomainInline):
    model = Statement
    fields = ("country", "language", "title", "status")
    readonly_fields = ("country", "language", "title", "status")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # a statement is added with its file, on its own page


@admin.register(SpeakersList)
class SpeakersListAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = (
        "__str__",
        status_badge(),
        "closes_at",
        counted("inscriptions", _("inscriptions")),
        counted("statements", pgettext_lazy("speakers", "statements")),
    )
    list_select_related = ("agenda_item__meeting__body",)
    list_filter = ("status", "agenda_item__meeting__body")
    search_fields = ("agenda_item__title", "agenda_item__title_ru", "agenda_item__meeting__body__code")
    autocomplete_fields = ("agenda_item",)
    inlines = (InscriptionInline, StatementInline)
    # The inscriptions' own list, filtered to this list of speakers: where staff mark who spoke (list actions).
    inscriptions_to_mark = related_list("inscriptions", _("mark who spoke"))
    readonly_fields = (inscriptions_to_mark,)
    fieldsets = ((None, {"fields": ("agenda_item", "status", "closes_at", inscriptions_to_mark)}),)
    actions = (
        service_action(
            "order_by_protocol",
            services.order_by_protocol,
            _(
                "Order: heads of state or government first, then ministers, heads of delegation, delegates; each by "
                "inscription"
            ),
        ),
    )


@admin.register(Inscription)
class InscriptionAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = ("position", "country", "speakers_list", "speaker", "rank", status_badge(), "created")
    list_display_links = ("position", "country")
    list_select_related = ("country", "speakers_list__agenda_item__meeting__body")
    list_filter = ("status", "rank", "speakers_list__agenda_item__meeting__body")
    search_fields = ("country__name", "country__iso2", "speaker", "speakers_list__agenda_item__title")
    autocomplete_fields = ("speakers_list", "country")
    readonly_fields = ("inscribed_by",)
    fieldsets = ((None, {"fields": ("speakers_list", "country", "position", "speaker", "rank", "status")}),)


class StatementForm(VersionedModelForm):
    """The file passes the portal's checks for uploads (type by content, size)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            validate_upload(upload)
        return upload


@admin.register(Statement)
class StatementAdmin(WorkflowAdminMixin, DomainAdmin):
    form = StatementForm
    list_display = ("country", "speakers_list", "language", "title", status_badge(), "published_at")
    list_select_related = ("country", "speakers_list__agenda_item__meeting__body")
    list_filter = ("status", "language", "speakers_list__agenda_item__meeting__body")
    search_fields = ("country__name", "country__iso2", "title", "speakers_list__agenda_item__title")
    autocomplete_fields = ("speakers_list", "country")
    workflow_fields = ("status", "published_at")
    readonly_fields = ("submitted_by",)
    fieldsets = ((None, {"fields": ("speakers_list", "country", "language", "title", "file", "status")}),)
