"""Portal pages of the Catalogue: dimensions, measures, implementation reports and activities."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.permissions import CHANGE, VIEW, is_coordinator, is_staff, restrict
from core.views.generic import (
    FileDownloadView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalAccessMixin,
    SpreadsheetImportView,
    WorkflowStepView,
)

from .choices import ReportStatus
from .filters import ActivityFilterSet, DimensionFilterSet, ImplementationReportFilterSet, MeasureFilterSet
from .forms import ACTIVITY_IMPORT, ActivityForm, ImplementationReportForm
from .models import (
    ActionPlan,
    Activity,
    Dimension,
    ImplementationReport,
    Measure,
    ReportAttachment,
)
from .permissions import coordinates
from .workflows import REPORT_WORKFLOW


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
        context.update(
            coordinations=measure.coordinations.select_related("country").order_by("-start_on"),
            plans=plans,
            reports=reports[: self.latest],
            report_count=reports.count(),
            documents=documents,
            can_act=coordinates(user, measure),
            can_report=is_coordinator(user) and coordinates(user, measure),
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
            can_edit=restrict(ImplementationReport.objects.filter(pk=report.pk), self.request.user, CHANGE).exists(),
            attachment_ids=[a.pk for a in report.attachments.all()],
        )
        return context


class ReportFormMixin:
    """Save a report (and its new attachments) and, when asked, submit it, in one transaction."""

    model = ImplementationReport
    form_class = ImplementationReportForm
    template_name = "measures/report_form.html"

    def save(self, form):
        report = form.instance
        report._history_user = self.request.user
        duplicate = ImplementationReport.objects.filter(
            measure_id=report.measure_id, country_id=report.country_id, period_start=report.period_start
        ).exclude(pk=report.pk)
        if duplicate.exists():
            raise ValidationError({"period_start": _("Your country already has a report on this period.")})
        report = form.save()
        # Files written here and rolled back with the rows (a refused submit) are removed by core.storage.
        for upload in form.cleaned_data.get("attachments") or []:
            attachment = ReportAttachment(report=report, title=upload.name, file=upload)
            attachment._history_user = self.request.user
            attachment.save()
        if "submit" in self.request.POST:
            report = REPORT_WORKFLOW.take(report, self.request.user, "submit")
        return report

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
    parent_model = Measure
    heading = gettext_lazy("New implementation report")

    def get_parent(self):
        measure = super().get_parent()
        user = self.request.user
        if not is_coordinator(user) or not coordinates(user, measure):
            raise PermissionDenied(_("Only a coordinating state reports on this measure."))
        return measure

    def build_instance(self):
        return ImplementationReport(measure=self.parent, country=self.request.user.country)


class ReportEditView(ReportFormMixin, ObjectEditView):
    """Edit (and submit) a draft or returned report of one's own country."""

    heading = gettext_lazy("Edit implementation report")

    def get_object(self, queryset=None):
        visible = restrict(ImplementationReport.objects.select_related("measure", "country"), self.request.user, VIEW)
        report = get_object_or_404(visible, pk=self.kwargs["pk"])
        own = restrict(ImplementationReport.objects.filter(pk=report.pk), self.request.user, "add").exists()
        if not own:
            raise PermissionDenied(_("You may not change this report."))
        return report

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = self.object.measure
        return context

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_open:
            messages.error(request, already_submitted_message(self.object))
            return redirect("measures:report_detail", pk=self.object.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if not self.object.is_open:
            form.is_valid()
            form.add_error(None, already_submitted_message(self.object))
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)


def already_submitted_message(report):
    return _("This report is already %(status)s and can no longer be changed or submitted again.") % {
        "status": report.get_status_display()
    }


class ReportSubmitView(PortalAccessMixin, View):
    """Submit a saved draft from its page (POST only)."""

    def post(self, request, pk):
        report = get_object_or_404(restrict(ImplementationReport.objects.all(), request.user, VIEW), pk=pk)
        if not restrict(ImplementationReport.objects.filter(pk=pk), request.user, "add").exists():
            raise PermissionDenied(_("You may not submit this report."))
        if not report.is_open:
            messages.error(request, already_submitted_message(report))
            return redirect("measures:report_detail", pk=pk)
        try:
            with transaction.atomic():
                REPORT_WORKFLOW.take(report, request.user, "submit", version=request.POST.get("seen_version"))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report was submitted to the Secretariat."))
        return redirect("measures:report_detail", pk=pk)


class ReportStepView(WorkflowStepView):
    """The Secretariat accepts or returns a report from its portal page (coordinators submit with the form)."""

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

    def get_parent(self):
        plan = super().get_parent()
        if not is_staff(self.request.user) and not (
            is_coordinator(self.request.user) and coordinates(self.request.user, plan.measure)
        ):
            raise PermissionDenied(_("Only a coordinating state adds activities to this plan."))
        return plan

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
