"""Portal pages of the meeting cycle: meetings and decisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.permissions import VIEW, is_staff, may_change, restrict
from core.views.generic import (
    FileDownloadView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalAccessMixin,
    SpreadsheetImportView,
    WorkflowStepView,
    may_use_portal,
)

from . import reports
from .filters import DecisionFilterSet, DocumentFilterSet, MeetingFilterSet
from .forms import DECISION_PROGRESS_IMPORT, DecisionProgressForm
from .models import Decision, Document, DocumentLanguageVersion, Meeting


class MeetingListView(ObjectListView):
    model = Meeting
    filterset_class = MeetingFilterSet
    table_template = "secretariat/includes/meeting_table.html"
    related = ("body", "host_country")

    # The list itself is latest first (an index serves it at any size); page 1 opens with the meetings to come,
    # the nearest first, a short list of its own.
    upcoming_shown = 10

    def get_base_queryset(self):
        return super().get_base_queryset().with_decision_count()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first_page = context["page_obj"] is None or context["page_obj"].number == 1
        if first_page and not set(self.request.GET) - {"export"}:
            upcoming = Meeting.objects.upcoming().select_related("body", "host_country").order_by("start_on", "body_id")
            context["upcoming"] = upcoming[: self.upcoming_shown]
        return context


class MeetingDetailView(ObjectDetailView):
    """A meeting with its agenda, documents and decisions. A part that can grow long (a summit's documents, the
    decisions still open from a body's earlier meetings: thousands after some years) shows its first rows and links
    to the list of all of them, so the page stays quick and short."""

    model = Meeting
    template_name = "secretariat/meeting_detail.html"
    related = ("body", "host_country", "registration")  # registration: participation's, by name
    shown = 20  # rows of each long part

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.object
        documents = restrict(meeting.documents.all(), user, VIEW).prefetch_related(*DocumentListView.prefetch)
        decisions_url = reverse("secretariat:decision_list")
        parts = {
            "documents": documents.order_by("original_id", "revision_kind", "revision_number", "symbol"),
            "decisions": meeting.decisions.select_related(
                "responsible_country", "measure", "referred_from__meeting__body"
            ),
            # the most recent first: those the meeting is most likely to take up
            "pending": meeting.pending_decisions()
            .select_related("meeting__body", "responsible_country")
            .order_by("-meeting__start_on", "meeting_id", "number"),
            "referred_in": meeting.referred_in().select_related("referred_from__meeting__body"),
        }
        for name, rows in parts.items():
            first = list(rows[: self.shown + 1])
            context[name], context[f"{name}_more"] = first[: self.shown], len(first) > self.shown
        context.update(
            # each item's list of speakers (the speakers app, a floor above) is linked from the agenda
            agenda=meeting.agenda_items.select_related("carried_from__meeting__body", "speakers_list"),
            delegations=meeting.participating_countries(),
            shown=self.shown,
            all_documents_url=f"{reverse('secretariat:document_list')}?{urlencode({'meeting': meeting.pk})}",
            all_decisions_url=f"{decisions_url}?{urlencode({'meeting': meeting.pk})}",
            all_pending_url=f"{decisions_url}?{urlencode({'body': meeting.body.code, 'open': 'true'})}",
        )
        return context


class MeetingStepView(WorkflowStepView):
    model = Meeting
    detail_url_name = "secretariat:meeting_detail"


class DecisionListView(ObjectListView):
    model = Decision
    filterset_class = DecisionFilterSet
    table_template = "secretariat/includes/decision_table.html"
    related = ("meeting__body", "responsible_country", "measure")
    id_filters = ("meeting",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["import_url"] = reverse("secretariat:decision_import")
        return context


class DecisionImportView(SpreadsheetImportView):
    """The responsible state's progress on its decisions (staff: any decision), from an edited spreadsheet."""

    spec = DECISION_PROGRESS_IMPORT
    list_url_name = "secretariat:decision_list"


class DecisionDetailView(ObjectDetailView):
    model = Decision
    template_name = "secretariat/decision_detail.html"
    related = ("meeting__body", "responsible_country", "measure", "agenda_item", "referred_from__meeting__body")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision, user = self.object, self.request.user
        context.update(
            can_edit=may_change(user, decision),
            lineage=decision.lineage(),
            history=decision.history.select_related("history_user").order_by("-history_date", "-history_id")[:20],
            # Through the reverse relation by its name: the silence app stands above this one (docs/ARCHITECTURE.md).
            adopted_under_silence=decision.silence_procedures.filter(status="adopted")
            .values_list("adopted_on", flat=True)
            .first(),
        )
        return context


class DecisionEditView(ObjectEditView):
    """A responsible member state reports progress; anyone else gets 403."""

    model = Decision
    form_class = DecisionProgressForm
    template_name = "secretariat/decision_form.html"
    heading = gettext_lazy("Report progress on a decision")
    detail_url_name = "secretariat:decision_detail"

    def get_cancel_url(self):
        return reverse("secretariat:decision_detail", args=[self.object.pk])

    def get_queryset(self):
        return Decision.objects.select_related("meeting__body")

    def get_success_url(self):
        messages.success(self.request, _("The decision's progress was saved."))
        return reverse("secretariat:decision_detail", args=[self.object.pk])


class DocumentListView(ObjectListView):
    """Official documents: symbol, title, language versions (downloads) and what each is attached to."""

    model = Document
    filterset_class = DocumentFilterSet
    table_template = "secretariat/includes/document_table.html"
    related = ("meeting__body", "measure", "agreement__partner", "instrument")
    prefetch = ("language_versions",)
    hidden_filters = ("updated_since", "measure", "agreement")
    id_filters = ("meeting",)


class DecisionStepView(WorkflowStepView):
    """Staff refer, cancel or supersede a decision from its portal page; a coordinator starts or implements it."""

    model = Decision
    detail_url_name = "secretariat:decision_detail"


class DocumentFileView(FileDownloadView):
    """A language version of a document, if its distribution lets the user see it."""

    model = DocumentLanguageVersion


class StaffOnlyMixin(PortalAccessMixin):
    """Pages for Secretariat staff only (403 for coordinators)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and may_use_portal(request.user) and not is_staff(request.user):
            raise PermissionDenied(_("This page is for Secretariat staff."))
        return super().dispatch(request, *args, **kwargs)


class StaffReportView(StaffOnlyMixin, TemplateView):
    """Concept 2.5: the Secretariat's staff by sub-region of Asia, category, area and nationality."""

    template_name = "secretariat/report_staff.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, report=reports.staff_representation())


class ContributionReportView(StaffOnlyMixin, TemplateView):
    """Contributions by year: assessed, paid and arrears per member state, and the Support Fund's totals."""

    template_name = "secretariat/report_contributions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, years=reports.contributions_by_year())
