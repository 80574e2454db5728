"""Portal pages of the Catalogue: dimensions, measures, implementation reports and activities."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import VIEW, is_coordinator, is_staff, may_change, restrict
from core.views.generic import (
    FileDownloadView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SpreadsheetImportView,
    WorkflowStepView,
)

from . import services
from .choices import ReportStatus
from .filters import ActivityFilterSet, DimensionFilterSet, ImplementationReportFilterSet, MeasureFilterSet
from .forms import ACTIVITY_IMPORT, ActivityForm, ImplementationReportForm
from .models import ActionPlan, Activity, Dimension, ImplementationReport, Measure, ReportAttachment


class DimensionListView(ObjectListView):
    model = Dimension
    filterset_class = DimensionFilterSet
    table_template = "measures/includes/dimension_table.html"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(measure_count=Count("measures"))


class DimensionDetailView(ObjectDetailView):
    model = Dimension
    template_name = "measures/dimension_detail.html"
    prefetch = ("measures",)


class MeasureListView(ObjectListView):
    model = Measure
    filterset_class = MeasureFilterSet
    table_template = "measures/includes/measure_table.html"
    related = ("dimension",)

    def get_base_queryset(self):
        return super().get_base_queryset().with_current_coordinators()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["own_measure_ids"] = (
            set(Measure.objects.coordinated_by(user.country_id).values_list("pk", flat=True))
            if is_coordinator(user)
            else set()
        )
        return context


class MeasureDetailView(ObjectDetailView):
    """A measure with its coordinators, its latest reports and each plan's latest activities; the rest are a link
    away (a measure may gather thousands of activities over the years: the page stays the same size)."""

    model = Measure
    template_name = "measures/measure_detail.html"
    related = ("dimension",)
    latest = 10  # reports, and activities per plan

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, measure = self.request.user, self.object
        activities = restrict(Activity.objects.all(), user, VIEW)
        counted = activities.filter(action_plan=OuterRef("pk")).order_by().values("action_plan").annotate(n=Count("pk"))
        latest = activities.select_related("host_country").order_by("-start_on", "-id")[: self.latest]
        plans = (
            restrict(ActionPlan.objects.filter(measure=measure), user, VIEW)
            .annotate(activity_count=Coalesce(Subquery(counted.values("n")), 0))
            .prefetch_related(Prefetch("activities", queryset=latest, to_attr="latest_activities"))
        )
        reports = restrict(measure.reports.all(), user, VIEW).select_related("country")
        documents = restrict(measure.documents.all(), user, VIEW).prefetch_related("language_versions")
        coordinating = is_coordinator(user) and measure.is_coordinated_by(user.country_id)
        context.update(
            coordinations=measure.coordinations.select_related("country").order_by("-start_on"),
            plans=plans,
            reports=reports[: self.latest],
            report_count=reports.count(),
            documents=documents,
            can_act=is_staff(user) or coordinating,
            can_report=coordinating,
        )
        return context


class ReportListView(ObjectListView):
    model = ImplementationReport
    filterset_class = ImplementationReportFilterSet
    table_template = "measures/includes/report_table.html"
    related = ("measure", "country")
    title = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Implementation reports")
        return context


class ReportDetailView(ObjectDetailView):
    model = ImplementationReport
    template_name = "measures/report_detail.html"
    related = ("measure__dimension", "country", "reviewed_by")
    prefetch = ("attachments",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context.update(
            history=report.history.select_related("history_user").order_by("-history_date", "-history_id"),
            can_edit=may_change(self.request.user, report),
            attachment_ids=[a.pk for a in report.attachments.all()],
        )
        return context


class ReportFormMixin:
    """Save a report (and its new attachments) and, when asked, submit it: one service (measures.services), in the
    form's transaction."""

    model = ImplementationReport
    form_class = ImplementationReportForm
    template_name = "measures/report_form.html"
    detail_url_name = "measures:report_detail"

    def save(self, form):
        return services.save_report(
            form.instance,
            self.request.user,
            attachments=form.cleaned_data.get("attachments") or [],
            submit="submit" in self.request.POST,
            save=form.save,
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code < 400:
            if self.object.status == ReportStatus.SUBMITTED:
                messages.success(self.request, _("The report was submitted to the Secretariat."))
            else:
                messages.success(self.request, _("The report was saved as a draft."))
        return response

    def get_success_url(self):
        return reverse("measures:report_detail", args=[self.object.pk])

    def get_cancel_url(self):
        measure_id = self.parent.pk if getattr(self, "parent", None) else self.object.measure_id
        return reverse("measures:measure_detail", args=[measure_id])


class ReportCreateView(ReportFormMixin, ObjectCreateView):
    """A coordinating state's new report on a measure (the Secretariat records reports in the admin)."""

    parent_model = Measure
    heading = gettext_lazy("New implementation report")

    def get_parent(self):
        if self.request.user.country_id is None:  # the report is the user's country's: staff have none
            raise PermissionDenied(_("Reports are written by the coordinating states; staff record them in the admin."))
        return super().get_parent()

    def build_instance(self):
        return ImplementationReport(measure=self.parent, country=self.request.user.country)


class ReportEditView(ReportFormMixin, ObjectEditView):
    """Edit (and submit) a draft or returned report of one's own country."""

    heading = gettext_lazy("Edit implementation report")

    def get_queryset(self):
        return super().get_queryset().select_related("measure", "country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = self.object.measure
        return context


class ReportStepView(WorkflowStepView):
    """A step on a report from its page: a coordinator submits a saved draft, the Secretariat accepts or returns it
    (the workflow decides who may take which step)."""

    model = ImplementationReport
    detail_url_name = "measures:report_detail"


class ActivityListView(ObjectListView):
    model = Activity
    filterset_class = ActivityFilterSet
    table_template = "measures/includes/activity_table.html"
    related = ("action_plan__measure", "host_country")
    id_filters = ("action_plan",)
    export_columns = ACTIVITY_IMPORT.export_fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["import_url"] = reverse("measures:activity_import")
        return context


class ActivityImportView(SpreadsheetImportView):
    """A coordinator's activities (staff: everyone's) changed from an edited spreadsheet, all or nothing."""

    spec = ACTIVITY_IMPORT
    list_url_name = "measures:activity_list"


class ActivityFormMixin:
    model = Activity
    form_class = ActivityForm

    def get_cancel_url(self):
        plan = self.parent if getattr(self, "parent", None) else self.object.action_plan
        return reverse("measures:measure_detail", args=[plan.measure_id]) + "#plans"

    def get_success_url(self):
        messages.success(self.request, _("The activity was saved."))
        return reverse("measures:measure_detail", args=[self.object.action_plan.measure_id]) + "#plans"


class ActivityCreateView(ActivityFormMixin, ObjectCreateView):
    parent_model = ActionPlan
    heading = gettext_lazy("New activity")

    def build_instance(self):
        return Activity(action_plan=self.parent)


class ActivityEditView(ActivityFormMixin, ObjectEditView):
    heading = gettext_lazy("Edit activity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = self.object.action_plan
        return context


class AttachmentDownloadView(FileDownloadView):
    """An attachment of a report the user may see (404 otherwise)."""

    model = ReportAttachment
