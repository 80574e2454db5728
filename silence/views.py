"""Portal pages of silence procedures: the list (with the time left and the focal point's notices), one
procedure's page (the text, every state's answer, the forms to break silence or join consensus), the answers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.permissions import VIEW, restrict
from core.views.generic import FileDownloadView, ObjectDetailView, ObjectListView, PortalAccessMixin

from . import services
from .choices import ResponseKind
from .filters import SilenceProcedureFilterSet
from .forms import BreakSilenceForm, JoinConsensusForm
from .models import SilenceNotice, SilenceProcedure, SilenceResponse
from .workflows import concerned_focal_point

INBOX_SHOWN = 10


class SilenceListView(ObjectListView):
    model = SilenceProcedure
    filterset_class = SilenceProcedureFilterSet
    table_template = "silence/includes/procedure_table.html"
    related = ("body", "decision__meeting__body", "document")
    title = gettext_lazy("Silence procedures")

    def get_base_queryset(self):
        breaking = Q(responses__kind__in=(ResponseKind.OBJECTION, ResponseKind.AMENDMENT))
        return super().get_base_queryset().annotate(break_count=Count("responses", filter=breaking))


class SilenceDetailView(ObjectDetailView):
    model = SilenceProcedure
    template_name = "silence/procedure_detail.html"
    related = ("body", "decision__meeting__body", "document", "letter")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procedure, user = self.object, self.request.user
        context["responses"] = procedure.responses.select_related("country", "author")
        context["states"] = procedure.states.order_by("name")
        open_to_me = services.responses_open_to(user, procedure)
        context["break_form"] = kwargs.get("break_form") or (BreakSilenceForm() if open_to_me else None)
        context["consensus_form"] = kwargs.get("consensus_form") or (JoinConsensusForm() if open_to_me else None)
        context["my_answer"] = procedure.response_of(user.country_id) if user.country_id else None
        return context


class AnswerView(PortalAccessMixin, View):
    """POST: a focal point of a concerned state breaks silence (objection or amendment, text required, file
    optional) or joins consensus; refused with the reason, nothing recorded, after the expiry or for another state."""

    form_class = None

    def post(self, request, pk):
        procedure = get_object_or_404(restrict(SilenceProcedure.objects.all(), request.user, VIEW), pk=pk)
        if not concerned_focal_point(request.user, procedure):
            raise PermissionDenied(_("Only a focal point of a state this procedure concerns may answer it."))
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            kind = data.get("kind", ResponseKind.CONSENSUS)
            try:
                services.respond(procedure, request.user, kind, data.get("text", ""), data.get("file"))
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, self.done_message)
                return redirect("silence:procedure_detail", pk=procedure.pk)
        view = SilenceDetailView(request=request, kwargs={"pk": pk}, object=procedure)
        forms_ = {self.form_key: form}
        context = view.get_context_data(object=procedure, **forms_)
        return render(request, view.template_name, context, status=400)


class BreakSilenceView(AnswerView):
    form_class = BreakSilenceForm
    form_key = "break_form"
    done_message = gettext_lazy("Silence broken: every concerned state will be told.")


class JoinConsensusView(AnswerView):
    form_class = JoinConsensusForm
    form_key = "consensus_form"
    done_message = gettext_lazy("Recorded: your state joins consensus.")


class ResponseFileView(FileDownloadView):
    model = SilenceResponse


def under_silence(user):
    """The texts under silence `user` may see (a state's users: those concerning their state), soonest expiry first,
    each with its time left (shown in the reader's time zone)."""
    running = restrict(SilenceProcedure.objects.running(), user, VIEW)
    return running.select_related("body", "decision__meeting__body", "document").order_by("expires_at")


class RunningView(PortalAccessMixin, View):
    """The dashboard's part: the texts under silence now, with the time left (an htmx fragment)."""

    def get(self, request):
        running = under_silence(request.user)[:10]
        return render(request, "silence/includes/running.html", {"running": running})


class InboxView(PortalAccessMixin, View):
    """The signed-in person's silence notices (what they were told, newest first) and the procedures open now."""

    def get(self, request):
        notices = SilenceNotice.objects.for_user(request.user).select_related(
            "procedure__decision__meeting__body", "procedure__document"
        )[:50]
        running = under_silence(request.user)
        return render(request, "silence/inbox.html", {"notices": notices, "running": running})
