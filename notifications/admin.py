from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import IndexedSearchMixin, SpreadsheetExportMixin
from core.status import badge

from .models import NotificationPreference, ReminderDelivery, ReminderRule


@admin.register(ReminderRule)
class ReminderRuleAdmin(SpreadsheetExportMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "lead_days", "notify_coordinators", "notify_responsible", "notify_secretariat"]
    list_display += ["enabled"]
    list_filter = ["enabled", "kind"]
    list_editable = ["enabled"]
    search_fields = ["name"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(IndexedSearchMixin, SpreadsheetExportMixin, admin.ModelAdmin):
    list_display = [
        "created",
        "rule",
        "stage",
        "recipient",
        "status_badge",
        "attempts",
        "error",
    ]  # due date, next attempt and sending time are on the change page: the list fits 1366 px
    # Not by stage: its choices would be a DISTINCT over every delivery.
    list_filter = ["status", "rule__kind", ("created", admin.DateFieldListFilter)]
    list_select_related = ["rule", "recipient"]
    search_fields = ["recipient__username", "recipient__email", "subject", "last_error"]
    # No date_hierarchy on a big table: its list of years reads every row; the date filter costs nothing.
    readonly_fields = [
        "rule",
        "content_type",
        "object_id",
        "recipient",
        "stage",
        "due_on",
        "status",
        "attempts",
        "next_attempt_at",
        "lease_until",
        "last_attempt_at",
        "last_error",
        "subject",
        "created",
        "sent_at",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("notifications.change_reminderdelivery"):
            actions.pop("send_again", None)
        return actions

    @admin.action(description=_("Send the selected failed reminders again (by the next run)"))
    def send_again(self, request, queryset):
        count = queryset.failed().start_afresh()
        self.message_user(
            request,
            ngettext(
                "%(count)d failed reminder will be sent by the next run.",
                "%(count)d failed reminders will be sent by the next run.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, delivery):
        return badge(delivery.status, delivery.get_status_display())

    @admin.display(description=_("last error"))
    def error(self, delivery):
        return delivery.last_error[:160]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SpreadsheetExportMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "enabled", "updated"]
    list_filter = ["kind", "enabled"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
