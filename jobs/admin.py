from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from core.admin import SpreadsheetExportMixin
from core.status import badge

from .models import JobRun, OutboxTask


class LastRunFilter(admin.SimpleListFilter):
    title = _("runs")
    parameter_name = "runs"

    def lookups(self, request, model_admin):
        return [("last", _("Last run of each job"))]

    def queryset(self, request, queryset):
        if self.value() == "last":
            last = JobRun.objects.filter(job=OuterRef("job")).order_by("-started_at", "-pk").values("pk")[:1]
            return queryset.filter(pk=Subquery(last))
        return queryset


@admin.register(JobRun)
class JobRunAdmin(SpreadsheetExportMixin, admin.ModelAdmin):
    list_display = ["job", "started_at", "finished_at", "duration_display", "outcome_badge", "summary_short"]
    list_filter = [LastRunFilter, "outcome", "job"]
    search_fields = ["job", "summary"]
    date_hierarchy = "started_at"
    readonly_fields = ["job", "started_at", "finished_at", "duration", "outcome", "summary"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("duration"), ordering="duration")
    def duration_display(self, run):
        if run.duration is None:
            return "–"
        seconds = run.duration.total_seconds()
        return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"

    @admin.display(description=_("outcome"), ordering="outcome")
    def outcome_badge(self, run):
        return badge(run.outcome, run.get_outcome_display())

    @admin.display(description=_("summary"))
    def summary_short(self, run):
        first_line = (run.summary or "").splitlines()[:1]
        return first_line[0][:120] if first_line else ""


@admin.register(OutboxTask)
class OutboxTaskAdmin(SpreadsheetExportMixin, admin.ModelAdmin):
    """Tasks saved while the broker was unreachable; the "Queue waiting tasks" job hands them over every minute."""

    list_display = ["created", "task", "args", "attempts", "last_error"]
    readonly_fields = ["task", "args", "kwargs", "created", "attempts", "last_error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
