"""The PDFs the portal prints, one class each: what it shows (its template and context), its title and file name.

Every printout renders in the active language (the view activates the one asked for) and is dated. A meeting's
agenda and list of decisions carry the document symbol: the symbol of the Document they were saved as
(printouts.services), or, before that, the prefix the symbol rule gives with the number still open.
"""

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chairmanship.models import Initiative, Priority
from core.permissions import VIEW, is_staff, restrict
from measures.choices import ReportStatus
from measures.models import Activity, Coordination, ImplementationReport, Measure
from participation.models import Delegation, Participant, Registration
from reporting.choices import Scope
from reporting.models import visible_figures
from reporting.services import country_rollups, dimension_rollups, measure_rollups, priority_rollups
from secretariat.choices import DocumentKind
from secretariat.models import AgendaItem, Decision, Document
from silence.choices import SilenceStatus

from .rendering import render_pdf


class Printout:
    template_name = None

    def __init__(self, obj, user, on=None):
        self.object, self.user = obj, user
        self.on = on or timezone.localdate()

    def title(self):
        raise NotImplementedError

    def context(self):
        return {}

    def symbol(self):
        return ""

    def filename(self):
        language = translation.get_language() or "en"
        return f"{slugify(self.file_stem())}-{self.on:%Y-%m-%d}-{language}.pdf"

    def file_stem(self):
        return self.title()

    def render(self):
        context = {
            "title": self.title(),
            "symbol": self.symbol(),
            "on": self.on,
            "LANGUAGE_CODE": translation.get_language(),
            **self.context(),
        }
        return render_pdf(self.template_name, context)


# --- a meeting's agenda and decisions --------------------------------------------------------------------


class MeetingPrintout(Printout):
    """Printed under a document symbol; staff save it as a Document of the meeting (printouts.services)."""

    kind = None
    document_kind = None

    def __init__(self, meeting, user, on=None, document=None):
        super().__init__(meeting, user, on)
        self.document = document if document is not None else self.saved_document()

    def document_title(self):
        """The saved Document's title: in English, whatever the language printed (each version has its own)."""
        with translation.override("en"):
            return self.title()

    def saved_document(self):
        """The Document an earlier save made of this printout, if any."""
        meeting = self.object
        return Document.objects.filter(meeting=meeting, kind=self.document_kind, title=self.document_title()).first()

    def symbol(self):
        if self.document is not None:
            return self.document.symbol
        return f"{Document(meeting=self.object, issued_on=self.on).symbol_prefix}/…"

    def file_stem(self):
        return self.symbol().replace("…", "draft") if self.document is None else self.symbol()

    def context(self):
        return {"meeting": self.object, "document": self.document}


class AgendaPrintout(MeetingPrintout):
    kind = "agenda"
    document_kind = DocumentKind.AGENDA
    template_name = "printouts/agenda.html"

    def title(self):
        meeting = self.object
        return _("Agenda") + f": {meeting.body.localized_name} ({meeting.body.code} {meeting.number})"

    def context(self):
        items = AgendaItem.objects.filter(meeting=self.object).select_related("carried_from__meeting__body")
        return {**super().context(), "items": items, "delegations": self.object.participating_countries()}


class DecisionsPrintout(MeetingPrintout):
    kind = "decisions"
    document_kind = DocumentKind.ADOPTED_TEXT
    template_name = "printouts/decisions.html"

    def title(self):
        meeting = self.object
        return _("Decisions") + f": {meeting.body.localized_name} ({meeting.body.code} {meeting.number})"

    def context(self):
        referred_to = Decision.objects.select_related("meeting__body").order_by("meeting__start_on", "number")
        decisions = (
            Decision.objects.filter(meeting=self.object)
            .select_related("meeting__body", "responsible_country", "measure", "referred_from__meeting__body")
            .prefetch_related(Prefetch("referred_to", queryset=referred_to))
            .order_by("number")
        )
        return {**super().context(), "decisions": decisions}


MEETING_PRINTOUTS = {printout.kind: printout for printout in (AgendaPrintout, DecisionsPrintout)}


class SilenceLetterPrintout(Printout):
    """The Chair's letter on the outcome of a silence procedure: adopted, or not and who broke silence and why.
    Printed under the symbol of the Document it is kept as (printouts.services.issue_silence_letter)."""

    template_name = "printouts/silence_letter.html"

    def __init__(self, procedure, user, document):
        super().__init__(procedure, user, on=document.issued_on)
        self.document = document

    def title(self):
        procedure = self.object
        if procedure.status == SilenceStatus.ADOPTED:
            return _("Adopted under silence procedure: %(text)s") % {"text": procedure.text_label}
        return _("Silence broken, not adopted: %(text)s") % {"text": procedure.text_label}

    def symbol(self):
        return self.document.symbol

    def context(self):
        procedure = self.object
        return {
            "procedure": procedure,
            "breaks": procedure.breaks().select_related("country"),
            "states": procedure.states.order_by("name"),
        }


# --- implementation status -------------------------------------------------------------------------------


def _row_figures(scope, row, user):
    """{progress, **values} of a roll-up row (reporting.services), counting only what `user` may read."""
    return {"progress": row["progress"], **visible_figures(scope, row["object_id"], row["values"], user)}


def _figures(scope, rows, object_id, user):
    """The figures of the roll-up row of `object_id` as `user` may see them, or {} when it has none."""
    row = next((r for r in rows if r["object_id"] == object_id), None)
    return _row_figures(scope, row, user) if row else {}


def _latest_accepted_reports(report_ids):
    reports = ImplementationReport.objects.filter(pk__in=[pk for pk in report_ids if pk], status=ReportStatus.ACCEPTED)
    return {report.pk: report for report in reports.select_related("country")}


def _measure_rows(measures, figures_by_measure):
    """Each measure with its roll-up figures and its latest accepted report (one query for all the reports)."""
    measures = list(measures)
    reports = _latest_accepted_reports(figures_by_measure.get(m.pk, {}).get("report_id") for m in measures)
    rows = []
    for measure in measures:
        figures = figures_by_measure.get(measure.pk, {})
        rows.append({"measure": measure, "figures": figures, "report": reports.get(figures.get("report_id"))})
    return rows


def _measure_figures(on, user, **filters):
    """{measure id: {progress, activities_total, activities_completed, report_progress, report_id, ...}} for today,
    as `user` may see them."""
    rows = measure_rollups(on)
    return {
        row["object_id"]: _row_figures(Scope.MEASURE, row, user)
        for row in rows
        if all(row["values"].get(key) == value for key, value in filters.items())
    }


class MeasureStatusPrintout(Printout):
    template_name = "printouts/measure_status.html"

    def title(self):
        return _("Implementation status") + f": {self.object.localized_title}"

    def context(self):
        measure = self.object
        figures = _measure_figures(self.on, self.user).get(measure.pk, {})
        activities = restrict(Activity.objects.filter(action_plan__measure=measure), self.user, VIEW)
        latest = (
            ImplementationReport.objects.filter(measure=measure, status=ReportStatus.ACCEPTED)
            .select_related("country")
            .order_by("-period_end", "-pk")
            .first()
        )
        return {
            "measure": measure,
            "figures": figures,
            "coordinations": Coordination.objects.active(self.on).filter(measure=measure).select_related("country"),
            "activities": activities.select_related("host_country", "action_plan").order_by("start_on", "title"),
            "report": latest,
        }


class DimensionStatusPrintout(Printout):
    template_name = "printouts/dimension_status.html"

    def title(self):
        return _("Implementation status") + f": {self.object.localized_name}"

    def context(self):
        dimension = self.object
        totals = _figures(Scope.DIMENSION, dimension_rollups(self.on), dimension.pk, self.user)
        measures = Measure.objects.filter(dimension=dimension).with_current_coordinators(self.on)
        figures = _measure_figures(self.on, self.user, dimension_id=dimension.pk)
        return {"dimension": dimension, "totals": totals, "rows": _measure_rows(measures, figures)}


class CountryStatusPrintout(Printout):
    template_name = "printouts/country_status.html"

    def title(self):
        return _("Implementation status") + f": {self.object.localized_name}"

    def context(self):
        country = self.object
        totals = _figures(Scope.COUNTRY, country_rollups(self.on), country.pk, self.user)
        measures = (
            Measure.objects.coordinated_by(country, self.on)
            .select_related("dimension")
            .with_current_coordinators(self.on)
        )
        decisions = (
            Decision.objects.open()
            .assigned_to(country, self.on)
            .select_related("meeting__body")
            .order_by("deadline", "meeting__start_on", "number")
        )
        return {
            "country": country,
            "totals": totals,
            "rows": _measure_rows(measures, _measure_figures(self.on, self.user)),
            "decisions": decisions,
        }


class CatalogueStatusPrintout(Printout):
    """The whole Catalogue: every dimension with its figures and its measures'."""

    template_name = "printouts/catalogue_status.html"

    def __init__(self, user, on=None):
        super().__init__(None, user, on)

    def title(self):
        return _("Implementation status of the Catalogue of CBMs")

    def file_stem(self):
        return "catalogue-status"

    def context(self):
        from measures.models import Dimension

        totals = dimension_rollups(self.on)
        figures = _measure_figures(self.on, self.user)
        measures = Measure.objects.select_related("dimension").with_current_coordinators(self.on)
        rows = _measure_rows(measures, figures)
        dimensions = []
        for dimension in Dimension.objects.all():
            dimensions.append(
                {
                    "dimension": dimension,
                    "totals": _figures(Scope.DIMENSION, totals, dimension.pk, self.user),
                    "rows": [row for row in rows if row["measure"].dimension_id == dimension.pk],
                }
            )
        return {"dimensions": dimensions}


# --- the chairmanship --------------------------------------------------------------------------------------


class PrioritiesPrintout(Printout):
    """The chairmanship's priorities and initiatives with their status, for the Chair's report to the CFM."""

    template_name = "printouts/priorities.html"

    def title(self):
        country = self.object.country.localized_name
        return _("Priorities and initiatives of the chairmanship") + f": {country} ({self.object.period_display})"

    def context(self):
        chairmanship = self.object
        figures = priority_rollups(self.on)
        initiatives = Initiative.objects.select_related("owner_country").prefetch_related("sdgs")
        priorities = Priority.objects.filter(chairmanship=chairmanship).prefetch_related(
            Prefetch("initiatives", queryset=initiatives)
        )
        rows = [{"priority": p, "figures": _figures(Scope.PRIORITY, figures, p.pk, self.user)} for p in priorities]
        return {"chairmanship": chairmanship, "priorities": rows}


# --- a meeting's list of participants ---------------------------------------------------------------------


class ParticipantsPrintout(MeetingPrintout):
    """The list of participants: the accredited delegations, states in the order of their names in the language
    printed (partner organizations after them), heads of delegation first; no personal details (emails)."""

    kind = "participants"
    document_kind = DocumentKind.PARTICIPANTS
    template_name = "printouts/participants.html"

    def title(self):
        meeting = self.object
        return _("List of participants") + f": {meeting.body.localized_name} ({meeting.body.code} {meeting.number})"

    def saved_document(self):
        registration = Registration.objects.filter(meeting=self.object).select_related("participants_list").first()
        return registration.participants_list if registration else None

    def symbol(self):
        if self.document is not None:
            return self.document.symbol
        return f"{self.object.symbol_series}/INF.…"

    def context(self):
        language = translation.get_language() or "en"
        language = "ru" if language.startswith("ru") else "en"
        participants = Participant.objects.order_by("-is_head", "position", "pk")
        # Staff print the list as it would be issued now; everyone else reads what the issued list names.
        named = Delegation.objects.accredited() if is_staff(self.user) else Delegation.objects.listed()
        delegations = (
            named.for_meeting(self.object)
            .select_related("country", "partner")
            .prefetch_related(Prefetch("participants", queryset=participants))
            .in_list_order(language)
        )
        rows = [
            {
                "name": d.sender_name,
                "participants": [
                    {
                        "name": p.localized_name,
                        "title": p.title,
                        "function": p.localized_function,
                        "is_head": p.is_head,
                    }
                    for p in d.participants.all()
                ],
            }
            for d in delegations
        ]
        return {**super().context(), "listed": rows}


MEETING_PRINTOUTS[ParticipantsPrintout.kind] = ParticipantsPrintout
