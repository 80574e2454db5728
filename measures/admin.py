import datetime

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    DomainAdmin,
    DomainInline,
    WorkflowAdminMixin,
    badge,
    bilingual,
    counted,
    progress_bar,
    related_list,
    status_badge,
)

from . import services
from .forms import ACTIVITY_IMPORT
from .models import (
    ActionPlan,
    Activity,
    Coordination,
    Dimension,
    ImplementationReport,
    Measure,
    ReportAttachment,
)


@admin.register(Dimension)
class DimensionAdmin(DomainAdmin):
    list_display = (bilingual("name"), "code", "order", counted("measures", _("measures")))
    search_fields = ("name", "name_ru", "code")
    prepopulated_fields = {"code": ("name",)}


class CoordinationInlineFormSet(forms.BaseInlineFormSet):
    """Rows entered together are checked against each other too: Coordination.clean() only sees saved rows,
    so two overlapping rows for one country in one submission would otherwise reach the database."""

    def clean(self):
        super().clean()
        periods = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("country"):
                continue
            start = data.get("start_on") or datetime.date.min
            end = data.get("end_on") or datetime.date.max
            for other_start, other_end in periods.get(data["country"].pk, []):
                if start <= other_end and other_start <= end:
                    message = _("%(country)s already coordinates this measure for an overlapping period.") % {
                        "country": data["country"]
                    }
                    form.add_error(None, message)
            periods.setdefault(data["country"].pk, []).append((start, end))


class CoordinationInline(DomainInline):
    model = Coordination
    formset = CoordinationInlineFormSet
    fields = ("country", "role", "start_on", "end_on", "note")
    autocomplete_fields = ("country",)
    show_change_link = False


class ActionPlanInline(DomainInline):
    model = ActionPlan
    fields = ("kind", "version", "title", "period_start", "period_end", "status", "approved_on")
    readonly_fields = ("status", "approved_on")  # approval goes through the plan's own page (one write path)


@admin.register(Measure)
class MeasureAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = (
        "code",
        bilingual("title"),
        "dimension",
        status_badge(),
        "coordinators",
        counted("reports", _("reports")),
    )
    list_display_links = ("code",)
    list_select_related = ("dimension",)
    list_filter = ("status", "dimension", "coordinations__country")
    search_fields = ("code", "title", "title_ru", "description", "coordinations__country__name")
    search_help_text = _("Search by code, title (English or Russian), description or coordinating country.")
    autocomplete_fields = ("dimension",)
    date_hierarchy = "adopted_on"
    inlines = (CoordinationInline, ActionPlanInline)
    workflow_fields = ("status", "adopted_on")
    fieldsets = (
        (None, {"fields": ("dimension", "code", "title", "title_ru")}),
        (_("Status"), {"fields": ("status", "proposed_on", "adopted_on")}),
        (_("Description"), {"fields": ("description", "description_ru"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_coordinators()

    @admin.display(description=_("coordinated by"))
    def coordinators(self, obj):
        return ", ".join(
            f"{c.country.name}{'' if c.role == 'coordinator' else ' (co)'}" for c in obj.current_coordinations
        )


@admin.register(Coordination)
class CoordinationAdmin(DomainAdmin):
    list_display = ("measure", "country", "role", "start_on", "end_on", "note")
    list_select_related = ("measure", "country")
    list_filter = ("role", "country", "measure__dimension")
    search_fields = ("measure__title", "measure__code", "country__name", "country__name_ru", "note")
    autocomplete_fields = ("measure", "country")
    date_hierarchy = "start_on"


@admin.register(ActionPlan)
class ActionPlanAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = (
        "title",
        "measure",
        "kind",
        "version",
        status_badge(),
        counted("activities", _("activities")),
    )
    list_select_related = ("measure",)
    list_filter = ("status", "kind", "measure__dimension")
    search_fields = ("title", "measure__title", "measure__code")
    autocomplete_fields = ("measure", "un_entities")
    date_hierarchy = "period_start"
    # A plan may hold thousands of activities: a link to them, not an inline.
    activities = related_list("activities", _("activities"))
    readonly_fields = (activities,)
    workflow_fields = ("status", "approved_on")
    fieldsets = (
        (None, {"fields": ("measure", "kind", "version", "title")}),
        (_("Period and approval"), {"fields": ("period_start", "period_end", "status", "approved_on", "document")}),
        (_("UN entities"), {"fields": ("un_entities",)}),
        (_("Activities"), {"fields": (activities,)}),
    )


@admin.register(Activity)
class ActivityAdmin(DomainAdmin):
    import_spec = ACTIVITY_IMPORT
    export_columns = ACTIVITY_IMPORT.export_fields
    list_display = (
        "title",
        "action_plan",
        "start_on",
        "host_country",
        status_badge(),
        progress_bar(),
    )
    list_select_related = ("action_plan", "host_country")
    list_filter = (
        "status",
        "kind",
        "host_country",
        "action_plan__measure__dimension",
        ("start_on", admin.DateFieldListFilter),
    )
    search_fields = ("title", "venue", "description", "action_plan__title", "action_plan__measure__title")
    autocomplete_fields = ("action_plan", "host_country")
    # No date_hierarchy on a big table: its list of years reads every row; the date filter costs nothing.


class ReportAttachmentInline(DomainInline):
    model = ReportAttachment
    fields = ("title", "file")


@admin.register(ImplementationReport)
class ImplementationReportAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = (
        "measure",
        "country",
        "period_end",
        "due_on",
        status_badge(),
        "overdue",
        progress_bar(),
    )
    list_select_related = ("measure", "country")
    list_filter = ("status", "country", "measure__dimension", ("period_end", admin.DateFieldListFilter))
    search_fields = ("measure__title", "measure__code", "country__name", "narrative")
    autocomplete_fields = ("measure", "country")
    # No date_hierarchy on a big table: its list of years reads every row; the date filter costs nothing.
    inlines = (ReportAttachmentInline,)
    workflow_fields = ("status", "submitted_at", "reviewed_at", "reviewed_by", "feedback")
    fieldsets = (
        (None, {"fields": ("measure", "country", ("period_start", "period_end"), "due_on")}),
        (_("Report"), {"fields": ("narrative", "progress", "status", "submitted_at")}),
        (_("Secretariat review"), {"fields": ("reviewed_at", "reviewed_by", "feedback")}),
    )

    @admin.display(description=_("overdue"))
    def overdue(self, obj):
        # A tag in the warning tone (core.status), not a boolean icon: a green tick would read as "fine".
        return badge("overdue", _("overdue")) if obj.is_overdue else ""

    def save_model(self, request, obj, form, change):
        # The report's one write path (measures.services), as from the portal and the API; the attachments inline
        # and the Workflow panel's steps follow it in the same transaction (the admin's change view is atomic).
        parent = super().save_model
        services.save_report(obj, request.user, save=lambda: parent(request, obj, form, change) or obj)


@admin.register(ReportAttachment)
class ReportAttachmentAdmin(DomainAdmin):
    list_display = ("__str__", "report", "file")
    list_select_related = ("report__measure", "report__country")
    list_filter = ("report__country",)
    search_fields = ("title", "file", "report__measure__title")
    autocomplete_fields = ("report",)
