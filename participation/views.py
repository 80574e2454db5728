"""Portal pages of participation: the delegations a reader may see, a focal point's nomination of its state's
delegation (credentials, participants) and the workflow steps (submit; staff accredit or return)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import VIEW, is_focal_point, is_staff, may_change, restrict
from core.views.generic import (
    FileDownloadView,
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    WorkflowStepView,
)
from secretariat.models import Meeting

from .filters import DelegationFilterSet, ParticipantFilterSet
from .forms import DelegationForm, ParticipantForm
from .models import Delegation, Participant, Registration

EXPORT_COLUMNS = ("meeting", "country", "partner", "status", "submitted_at", "reviewed_at")


class NominationOpenMixin:
    """A focal point changes a delegation only while nominations are open: after the deadline, a clear refusal."""

    def refuse_when_closed(self, delegation):
        if is_staff(self.request.user):
            return
        try:
            delegation.check_nominable()
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from None


class DelegationListView(ObjectListView):
    """The delegations the reader may see (a focal point: its state's; everyone: those on issued lists), with the
    meetings a focal point may nominate to."""

    model = Delegation
    filterset_class = DelegationFilterSet
    table_template = "participation/includes/delegation_table.html"
    template_name = "participation/delegation_list.html"
    related = ("meeting__body", "country", "partner")
    export_columns = EXPORT_COLUMNS
    id_filters = ("meeting",)  # from links (a meeting's page); a choice of every meeting would weigh on the page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["open_registrations"] = (
            Registration.objects.open().for_user(user).select_related("meeting__body").order_by("deadline")
            if is_focal_point(user)
            else []
        )
        context["own_meetings"] = set(Delegation.objects.acting_for(user).values_list("meeting_id", flat=True))
        return context


class ParticipantListView(ObjectListView):
    """The participants the reader may see (its own state's; those on issued lists), downloadable as CSV or XLSX:
    emails only in its own state's rows (the export reads the same rule)."""

    model = Participant
    filterset_class = ParticipantFilterSet
    table_template = "participation/includes/participant_table.html"
    related = ("delegation__meeting__body", "delegation__country", "delegation__partner")
    export_columns = ("delegation", "name", "name_cyrillic", "title", "function", "function_ru", "is_head")


class DelegationDetailView(ObjectDetailView):
    model = Delegation
    template_name = "participation/delegation_detail.html"
    related = ("meeting__body", "meeting__registration", "country", "partner", "reviewed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation, user = self.object, self.request.user
        own = is_staff(user) or Delegation.objects.filter(pk=delegation.pk).of_state(user).exists()
        context.update(
            participants=delegation.participants.all(),
            own=own,
            can_edit=may_change(user, delegation),
            history=delegation.history.select_related("history_user").order_by("-history_date", "-history_id"),
            registration=getattr(delegation.meeting, "registration", None),
        )
        return context


class DelegationCreateView(NominationOpenMixin, ObjectCreateView):
    """A focal point nominates its state's (or organization's) delegation to a meeting it is invited to."""

    model = Delegation
    form_class = DelegationForm
    parent_model = Meeting
    heading = gettext_lazy("Nominate a delegation")

    def get_parent(self):
        user = self.request.user
        if not is_focal_point(user):
            raise PermissionDenied(
                _("Delegations are nominated by national focal points; staff record them in the admin.")
            )
        meeting = get_object_or_404(restrict(Meeting.objects.all(), user, VIEW), pk=self.kwargs["pk"])
        registration = Registration.objects.filter(meeting=meeting).first()
        if registration is None:
            raise PermissionDenied(_("Registration for this meeting is not open."))
        if not registration.invites(user.country if user.country_id else None, user.partner_id):
            raise PermissionDenied(_("Your state is not invited to this meeting."))
        self.refuse_when_closed(Delegation(meeting=meeting))
        return super().get_parent()

    def dispatch(self, request, *args, **kwargs):
        existing = Delegation.objects.acting_for(request.user).filter(meeting_id=kwargs["pk"]).first()
        if existing is not None:
            return redirect("participation:delegation_detail", pk=existing.pk)
        return super().dispatch(request, *args, **kwargs)

    def build_instance(self):
        user = self.request.user
        partner_id = None if user.country_id else user.partner_id
        return Delegation(meeting=self.parent, country_id=user.country_id, partner_id=partner_id)

    def get_success_url(self):
        messages.success(self.request, _("The delegation was saved as a draft. Add its members, then submit it."))
        return reverse("participation:delegation_detail", args=[self.object.pk])

    def get_cancel_url(self):
        return reverse("participation:delegation_list")


class DelegationEditView(NominationOpenMixin, ObjectEditView):
    model = Delegation
    form_class = DelegationForm
    heading = gettext_lazy("Letter of credentials")
    detail_url_name = "participation:delegation_detail"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.refuse_when_closed(obj)
        return obj

    def get_success_url(self):
        messages.success(self.request, _("The delegation was saved."))
        return reverse("participation:delegation_detail", args=[self.object.pk])

    def get_cancel_url(self):
        return reverse("participation:delegation_detail", args=[self.object.pk])


class DelegationStepView(NominationOpenMixin, WorkflowStepView):
    """Submit (a focal point), accredit or return (staff): the workflow decides who may take which step."""

    model = Delegation
    detail_url_name = "participation:delegation_detail"


class CredentialsDownloadView(FileDownloadView):
    """The letter of credentials of a delegation of one's own state (staff: any); 404 for anyone else."""

    model = Delegation
    file_field = "credentials"

    def get(self, request, pk):
        if not (is_staff(request.user) or Delegation.objects.filter(pk=pk).of_state(request.user).exists()):
            raise Http404
        return super().get(request, pk)


class ParticipantFormMixin(NominationOpenMixin):
    model = Participant
    form_class = ParticipantForm

    def delegation(self):
        return self.parent if getattr(self, "parent", None) else self.object.delegation

    def get_success_url(self):
        messages.success(self.request, _("The participant was saved."))
        return reverse("participation:delegation_detail", args=[self.delegation().pk])

    def get_cancel_url(self):
        return reverse("participation:delegation_detail", args=[self.delegation().pk])


class ParticipantCreateView(ParticipantFormMixin, ObjectCreateView):
    parent_model = Delegation
    heading = gettext_lazy("Add a participant")

    def get_parent(self):
        parent = get_object_or_404(restrict(Delegation.objects.all(), self.request.user, VIEW), pk=self.kwargs["pk"])
        self.refuse_when_closed(parent)
        return super().get_parent()

    def build_instance(self):
        return Participant(delegation=self.parent)


class ParticipantEditView(ParticipantFormMixin, ObjectEditView):
    heading = gettext_lazy("Edit participant")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.refuse_when_closed(obj.delegation)
        return obj


class ParticipantDeleteView(NominationOpenMixin, ObjectDeleteView):
    """POST: remove a participant from a delegation the user may still change."""

    model = Participant
    success_message = gettext_lazy("The participant was removed.")

    def refuse(self, participant):
        self.refuse_when_closed(participant.delegation)

    def get_success_url(self, participant):
        return reverse("participation:delegation_detail", args=[participant.delegation_id])
