"""Portal doors to the PDFs: each looks its record up through the permission rule and prints it in the language
asked for (`?language=en|ru`, else the page's language); staff save a meeting's printout as a Document."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from chairmanship.models import Chairmanship, Country
from core.permissions import VIEW, is_staff, restrict
from core.views.generic import PortalAccessMixin
from measures.models import Dimension, Measure
from participation.models import Registration
from participation.services import issue_list_of_participants
from secretariat.models import Meeting

from . import printouts, services

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def requested_language(request):
    language = request.GET.get("language") or request.POST.get("language")
    return language if language in LANGUAGES else translation.get_language()


def pdf_response(printout):
    response = HttpResponse(printout.render(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, printout.filename())
    return response


class PrintoutView(PortalAccessMixin, View):
    """GET: the PDF of one record the user may see (404 otherwise)."""

    model = None
    printout_class = None
    lookup_field = "pk"
    related = ()

    def get_object(self):
        queryset = restrict(self.model._default_manager.select_related(*self.related), self.request.user, VIEW)
        obj = queryset.filter(**{self.lookup_field: self.kwargs[self.lookup_field]}).first()
        if obj is None:
            raise Http404
        return obj

    def get_printout(self):
        return self.printout_class(self.get_object(), self.request.user)

    def get(self, request, **kwargs):
        with translation.override(requested_language(request)):
            return pdf_response(self.get_printout())


class MeetingPrintoutView(PrintoutView):
    model = Meeting
    related = ("body", "host_country")

    def get_printout(self):
        printout_class = printouts.MEETING_PRINTOUTS.get(self.kwargs["kind"])
        if printout_class is None:
            raise Http404
        meeting = self.get_object()
        # Before issue, the list of participants is the Secretariat's working copy: others read it once issued.
        issued = Registration.objects.filter(meeting=meeting, participants_list__isnull=False)
        if printout_class is printouts.ParticipantsPrintout and not is_staff(self.request.user) and not issued.exists():
            raise Http404
        return printout_class(meeting, self.request.user)


class SaveMeetingPrintoutView(MeetingPrintoutView):
    """POST (staff): keep the printout as the Document of the meeting, in the language asked for."""

    http_method_names = ["post"]

    def post(self, request, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied(_("Only the Secretariat issues documents."))
        meeting = self.get_object()
        printout_class = printouts.MEETING_PRINTOUTS.get(kwargs["kind"])
        if printout_class is None:
            raise Http404
        if printout_class is printouts.ParticipantsPrintout:
            return self.issue_list(request, meeting)
        language = requested_language(request)
        document = services.save_meeting_printout(printout_class, meeting, language, request.user)
        messages.success(
            request,
            _("Saved as document %(symbol)s (%(language)s).") % {"symbol": document.symbol, "language": language},
        )
        return redirect(reverse("secretariat:meeting_detail", args=[meeting.pk]) + "#documents")

    def issue_list(self, request, meeting):
        """The list of participants is issued in both languages at once, through its one write path."""
        registration = Registration.objects.filter(meeting=meeting).first()
        if registration is None:
            raise Http404
        try:
            document = issue_list_of_participants(registration, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Issued as document %(symbol)s.") % {"symbol": document.symbol})
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("secretariat:meeting_detail", args=[meeting.pk])
        return redirect(back)


class MeasureStatusView(PrintoutView):
    model = Measure
    printout_class = printouts.MeasureStatusPrintout
    related = ("dimension",)


class DimensionStatusView(PrintoutView):
    model = Dimension
    printout_class = printouts.DimensionStatusPrintout


class CountryStatusView(PrintoutView):
    model = Country
    printout_class = printouts.CountryStatusPrintout
    lookup_field = "iso2"

    def get_object(self):
        self.kwargs["iso2"] = self.kwargs["iso2"].upper()
        return super().get_object()


class CatalogueStatusView(PrintoutView):
    def get_printout(self):
        return printouts.CatalogueStatusPrintout(self.request.user)


class PrioritiesView(PrintoutView):
    model = Chairmanship
    printout_class = printouts.PrioritiesPrintout
    related = ("country",)
