"""The PDFs for partner systems: the same printouts as the portal's (printouts.views), under /api/v1/, with an API
token or a session, looked up through the same permission rule (a row the caller may not read answers 404), in the
language asked for (`?language=en|ru`, else the request's language). The API's records link to them (`printouts`)."""

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import translation
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from chairmanship.models import Chairmanship, Country
from core.api.permissions import ModelPermission
from core.permissions import VIEW, is_staff, restrict
from measures.models import Dimension, Measure
from participation.models import Registration
from secretariat.models import Meeting

from . import printouts
from .views import requested_language

LANGUAGE = OpenApiParameter(
    "language", str, enum=["en", "ru"], description="The language of the PDF (default: the request's language)."
)


class PrintoutAPIView(APIView):
    """GET: the PDF of one record the caller may read."""

    permission_classes = [ModelPermission]
    renderer_classes = [JSONRenderer]  # errors are the API's JSON; a success is the PDF itself
    http_method_names = ["get", "head", "options"]
    model = None
    lookup = "pk"
    printout = None  # the printout class, or a callable(view, obj) returning one

    def record(self, key):
        if self.model is None:
            return None
        rows = restrict(self.model._default_manager.all(), self.request.user, VIEW)
        obj = rows.filter(**{self.lookup: key}).first()
        if obj is None:
            raise Http404
        return obj

    def make(self, obj):
        return self.printout(obj, self.request.user)

    def perform_content_negotiation(self, request, force=False):
        # `Accept: application/pdf` is what a client of a PDF sends: not a reason for 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[LANGUAGE],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")},
    )
    def get(self, request, **kwargs):
        with translation.override(requested_language(request)):
            printout = self.make(self.record(next(iter(kwargs.values()), None)))
            response = HttpResponse(printout.render(), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, printout.filename())
        return response


class MeetingAgendaPDF(PrintoutAPIView):
    """A meeting's agenda as a PDF."""

    model = Meeting
    printout = printouts.MEETING_PRINTOUTS["agenda"]


class MeetingDecisionsPDF(PrintoutAPIView):
    """A meeting's list of decisions as a PDF."""

    model = Meeting
    printout = printouts.MEETING_PRINTOUTS["decisions"]


class MeetingParticipantsPDF(PrintoutAPIView):
    """A meeting's list of participants as a PDF, once issued (before, staff only): the states and organizations
    the issued list names, heads of delegation first; no emails."""

    model = Meeting
    printout = printouts.MEETING_PRINTOUTS["participants"]

    def record(self, key):
        meeting = super().record(key)
        if (
            not is_staff(self.request.user)
            and not Registration.objects.filter(meeting=meeting, participants_list__isnull=False).exists()
        ):
            raise Http404
        return meeting


class MeasureStatusPDF(PrintoutAPIView):
    """The implementation status of a measure as a PDF."""

    model = Measure
    printout = printouts.MeasureStatusPrintout


class DimensionStatusPDF(PrintoutAPIView):
    """The implementation status of a dimension as a PDF."""

    model = Dimension
    printout = printouts.DimensionStatusPrintout


class CountryStatusPDF(PrintoutAPIView):
    """The implementation status of a member state's measures as a PDF (by ISO code)."""

    model = Country
    lookup = "iso2__iexact"
    printout = printouts.CountryStatusPrintout


class CatalogueStatusPDF(PrintoutAPIView):
    """The implementation status of the whole Catalogue as a PDF."""

    def make(self, obj):
        return printouts.CatalogueStatusPrintout(self.request.user)


class PrioritiesPDF(PrintoutAPIView):
    """A chairmanship's priorities and initiatives as a PDF."""

    model = Chairmanship
    printout = printouts.PrioritiesPrintout


urlpatterns = [
    path("meetings/<int:id>/agenda.pdf", MeetingAgendaPDF.as_view(), name="meeting-agenda-pdf"),
    path("meetings/<int:id>/decisions.pdf", MeetingDecisionsPDF.as_view(), name="meeting-decisions-pdf"),
    path("meetings/<int:id>/participants.pdf", MeetingParticipantsPDF.as_view(), name="meeting-participants-pdf"),
    path("measures/<int:id>/status.pdf", MeasureStatusPDF.as_view(), name="measure-status-pdf"),
    path("dimensions/<int:id>/status.pdf", DimensionStatusPDF.as_view(), name="dimension-status-pdf"),
    path("countries/<str:iso2>/status.pdf", CountryStatusPDF.as_view(), name="country-status-pdf"),
    path("catalogue/status.pdf", CatalogueStatusPDF.as_view(), name="catalogue-status-pdf"),
    path("chairmanships/<int:id>/priorities.pdf", PrioritiesPDF.as_view(), name="chairmanship-priorities-pdf"),
]
