from django.contrib import admin

from core.admin import SpreadsheetExportMixin

from .models import StatusSnapshot


@admin.register(StatusSnapshot)
class StatusSnapshotAdmin(SpreadsheetExportMixin, admin.ModelAdmin):
    list_display = ["date", "scope", "label", "progress", "values"]
    list_filter = ["scope", "date"]
    search_fields = ["label"]
    date_hierarchy = "date"
    readonly_fields = ["date", "scope", "object_id", "label", "progress", "values", "computed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
