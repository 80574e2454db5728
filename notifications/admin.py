from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.status import badge

from .models import NotificationPreference, ReminderDelivery, ReminderRule


@admin.register(ReminderRule)
class ReminderRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "lead_days", "notify_coordinators", "notify_responsible", "notify_secretariat"]
    list_display += ["enabled"]
    list_filter = ["enabled", "kind"]
    list_editable = ["enabled"]
    search_fields = ["name"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created", "rule", "stage", "recipient", "due_on", "status_badge", "attempts", "sent_at", "error"]
    list_filter = ["status", "rule__kind", "stage"]
    list_select_related = ["rule", "recipient"]
    search_fields = ["recipient__username", "recipient__email", "subject", "last_error"]
    date_hierarchy = "created"
    readonly_fields = [
        "rule",
        "content_type",
        "object_id",
        "recipient",
        "stage",
        "due_on",
        "status",
        "attempts",
        "last_error",
        "subject",
        "created",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, delivery):
        return badge(delivery.status, delivery.get_status_display())

    @admin.display(description=_("last error"))
    def error(self, delivery):
        return delivery.last_error[:160]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled", "updated"]
    list_filter = ["kind", "enabled"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
