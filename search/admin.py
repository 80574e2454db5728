from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import SpreadsheetExportMixin
from core.status import badge
from jobs.outbox import enqueue_on_commit

from .models import FileText, SearchEntry


@admin.register(FileText)
class FileTextAdmin(SpreadsheetExportMixin, admin.ModelAdmin):
    """Which uploaded files were read for the search, and which could not be (and why)."""

    list_display = ["file_name", "model", "object_id", "status_badge", "detail", "extracted_at"]
    list_filter = ["status", "model"]
    search_fields = ["file_name", "detail"]
    readonly_fields = ["model", "object_id", "file_name", "status", "detail", "extracted_at", "updated", "text"]
    actions = ["read_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, row):
        return badge(row.status, row.get_status_display())

    @admin.action(description=_("Read the selected files again"), permissions=["change"])
    def read_again(self, request, queryset):
        rows = list(queryset.values_list("model", "object_id"))
        for model, pk in rows:
            enqueue_on_commit("search.tasks.extract_file_text", model, pk)
        message = ngettext("%(count)d file will be read again.", "%(count)d files will be read again.", len(rows))
        self.message_user(request, message % {"count": len(rows)}, messages.SUCCESS)


@admin.register(SearchEntry)
class SearchEntryAdmin(SpreadsheetExportMixin, admin.ModelAdmin):
    """The index, for looking into a surprising search result; `manage.py rebuild_search_index` rewrites it."""

    list_display = ["title", "kind", "object_id", "language", "body", "year", "updated"]
    list_filter = ["kind", "language", "config"]
    search_fields = ["title", "context"]
    exclude = ["vector"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
