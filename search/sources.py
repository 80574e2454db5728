"""What is searchable: one declaration per kind of record (a Source), the only place that knows the domain models.

A source names its model, the rows it reads with it (select_related / prefetch), the texts of a record (one per
language: title, context, text), the facets the filters use (link, meeting body, year, countries) and which other
models' changes make its entries stale (`depends_on`). Files (a document's language versions, a report's
attachments) are read by search.tasks; their text comes in as `files`, {(model label, pk): text}.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import capfirst

from chairmanship.models import Initiative, LegalInstrument
from measures.models import (
    ActionPlan,
    Activity,
    Coordination,
    ImplementationReport,
    Measure,
    ReportAttachment,
    current_coordinations,
)
from relations.models import Agreement, PartnerOrganization
from secretariat.models import AgendaItem, Decision, Document, DocumentLanguageVersion, Meeting
from silence.models import SilenceProcedure
from speakers.models import Statement

from .languages import guess_language


@dataclass
class Text:
    language: str
    title: str
    context: str = ""
    text: str = ""
    file_url: str = ""


@dataclass
class Facets:
    url: str
    body: str = ""
    year: int | None = None
    countries: tuple = ()


def joined(*parts, sep=" · "):
    return sep.join(str(p) for p in parts if p)


def in_language(obj, field, language):
    """The `<field>_ru` text for Russian when there is one, else the English `field`."""
    if language == "ru":
        return getattr(obj, f"{field}_ru", "") or getattr(obj, field)
    return getattr(obj, field)


def bilingual(obj, title, text=None, context=""):
    """An English text and, when the record has Russian in `<title>_ru` / `<text>_ru`, a Russian one."""
    texts = [Text("en", getattr(obj, title), context, getattr(obj, text, "") if text else "")]
    title_ru = getattr(obj, f"{title}_ru", "")
    text_ru = getattr(obj, f"{text}_ru", "") if text else ""
    if title_ru or text_ru:
        texts.append(Text("ru", title_ru or getattr(obj, title), context, text_ru))
    return texts


def guessed(title, context="", text=""):
    """One text in the language its letters show (for records written in one language, whichever it is)."""
    return [Text(guess_language(title, text), title, context, text)]


def year_of(*dates):
    return next((d.year for d in dates if d), None)


def current_coordinators(measure):
    """ISO codes of the states coordinating `measure` today (prefetched with measures.models.current_coordinations)."""
    return tuple(c.country.iso2 for c in measure.current_coordinations)


class Source:
    kind = None
    model = None
    related = ()
    prefetch = ()
    # model -> function(changed row) -> pks of this source's records whose entries it makes stale
    depends_on = {}
    # the rows whose uploaded files are read for this source's text, and the field naming the record they belong to
    file_model = None
    file_owner = None

    @property
    def label(self):
        return capfirst(self.model._meta.verbose_name)

    def queryset(self):
        queryset = self.model._default_manager.all()
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset

    def files(self, obj):
        return []

    def file_text(self, files, row):
        return files.get((row._meta.label_lower, row.pk), "")

    def texts(self, obj, files):
        raise NotImplementedError

    def facets(self, obj):
        raise NotImplementedError


class MeasureSource(Source):
    kind = "measure"
    model = Measure
    related = ("dimension",)
    depends_on = {Coordination: lambda c: [c.measure_id]}

    @property
    def prefetch(self):  # read per use: "today" moves
        return (current_coordinations(),)

    def texts(self, obj, files):
        texts = bilingual(obj, "title", "description")
        for text in texts:
            text.context = joined(obj.code, in_language(obj.dimension, "name", text.language))
        return texts

    def facets(self, obj):
        return Facets(
            reverse("measures:measure_detail", args=[obj.pk]),
            year=year_of(obj.adopted_on, obj.proposed_on),
            countries=current_coordinators(obj),
        )


class ActionPlanSource(Source):
    kind = "actionplan"
    model = ActionPlan
    related = ("measure",)

    @property
    def prefetch(self):
        return (current_coordinations("measure__coordinations"),)

    depends_on = {
        Measure: lambda m: ActionPlan.objects.filter(measure=m).values_list("pk", flat=True),
        Coordination: lambda c: ActionPlan.objects.filter(measure_id=c.measure_id).values_list("pk", flat=True),
    }

    def texts(self, obj, files):
        return guessed(obj.title, joined(obj.get_kind_display(), f"v{obj.version}", obj.measure.title))

    def facets(self, obj):
        return Facets(
            reverse("measures:measure_detail", args=[obj.measure_id]) + "#plans",
            year=year_of(obj.period_start),
            countries=current_coordinators(obj.measure),
        )


class ActivitySource(Source):
    kind = "activity"
    model = Activity
    related = ("action_plan__measure", "host_country")
    depends_on = {
        Measure: lambda m: Activity.objects.filter(action_plan__measure=m).values_list("pk", flat=True),
        ActionPlan: lambda p: Activity.objects.filter(action_plan=p).values_list("pk", flat=True),
    }

    def texts(self, obj, files):
        context = joined(obj.get_kind_display(), obj.venue, obj.action_plan.measure.title)
        return guessed(obj.title, context, obj.description)

    def facets(self, obj):
        return Facets(
            reverse("measures:measure_detail", args=[obj.action_plan.measure_id]) + "#plans",
            year=year_of(obj.start_on),
            countries=(obj.host_country.iso2,) if obj.host_country else (),
        )


class ReportSource(Source):
    kind = "report"
    model = ImplementationReport
    related = ("measure", "country")
    prefetch = ("attachments",)
    depends_on = {Measure: lambda m: ImplementationReport.objects.filter(measure=m).values_list("pk", flat=True)}
    file_model = ReportAttachment
    file_owner = "report_id"

    def files(self, obj):
        return obj.attachments.all()

    def texts(self, obj, files):
        attachments = list(obj.attachments.all())
        text = "\n\n".join([obj.narrative, *(self.file_text(files, a) for a in attachments)]).strip()
        language = guess_language(obj.narrative or text)
        period = f"{obj.period_start:%Y-%m}..{obj.period_end:%Y-%m}"
        title = joined(in_language(obj.measure, "title", language), in_language(obj.country, "name", language), period)
        context = joined(*(a.title for a in attachments))
        return [Text(language, title, context, text)]

    def facets(self, obj):
        return Facets(
            reverse("measures:report_detail", args=[obj.pk]),
            year=year_of(obj.period_end),
            countries=(obj.country.iso2,),
        )


class MeetingSource(Source):
    kind = "meeting"
    model = Meeting
    related = ("body", "host_country")

    def texts(self, obj, files):
        language = guess_language(obj.outcome) if obj.outcome else "en"
        other = "ru" if language == "en" else "en"

        def text(lang, outcome):
            title = f"{obj.body.code} {obj.number} — {in_language(obj.body, 'name', lang)}"
            host = in_language(obj.host_country, "name", lang) if obj.host_country else ""
            return Text(lang, title, joined(obj.venue, host, f"{obj.start_on:%Y-%m-%d}"), outcome)

        texts = [text(language, obj.outcome)]
        if obj.body.name_ru:
            texts.append(text(other, ""))
        return texts

    def facets(self, obj):
        return Facets(
            reverse("secretariat:meeting_detail", args=[obj.pk]),
            body=obj.body.code,
            year=year_of(obj.start_on),
            countries=(obj.host_country.iso2,) if obj.host_country else (),
        )


class AgendaItemSource(Source):
    kind = "agendaitem"
    model = AgendaItem
    related = ("meeting__body",)

    def texts(self, obj, files):
        context = f"{obj.meeting.body.code} {obj.meeting.number}, {obj.number}"
        return guessed(obj.title, context, obj.description)

    def facets(self, obj):
        return Facets(
            reverse("secretariat:meeting_detail", args=[obj.meeting_id]) + "#agenda",
            body=obj.meeting.body.code,
            year=year_of(obj.meeting.start_on),
        )


class DecisionSource(Source):
    kind = "decision"
    model = Decision
    related = ("meeting__body", "responsible_country", "measure")

    def texts(self, obj, files):
        context = joined(f"{obj.meeting.body.code} {obj.meeting.number}/{obj.number}", obj.measure)
        return guessed(obj.title, context, obj.text)

    def facets(self, obj):
        return Facets(
            reverse("secretariat:decision_detail", args=[obj.pk]),
            body=obj.meeting.body.code,
            year=year_of(obj.meeting.start_on),
            countries=(obj.responsible_country.iso2,) if obj.responsible_country else (),
        )


def document_list_url(**filters):
    return f"{reverse('secretariat:document_list')}?{urlencode(filters)}"


class DocumentSource(Source):
    """One entry per language version (its title and the text of its file, in its language)."""

    kind = "document"
    model = Document
    related = ("meeting__body", "measure", "agreement__partner", "instrument")
    prefetch = ("language_versions",)
    file_model = DocumentLanguageVersion
    file_owner = "document_id"

    def files(self, obj):
        return obj.language_versions.all()

    def texts(self, obj, files):
        attached = obj.meeting or obj.measure or obj.agreement or obj.instrument
        context = joined(obj.symbol, obj.get_kind_display(), attached)
        texts = [
            Text(
                version.language,
                version.title or obj.title,
                context,
                self.file_text(files, version),
                reverse("secretariat:document_file", args=[version.pk]),
            )
            for version in obj.language_versions.all()
        ]
        return texts or guessed(obj.title, context)

    def facets(self, obj):
        return Facets(
            document_list_url(symbol=obj.symbol),
            body=obj.meeting.body.code if obj.meeting_id else "",
            year=year_of(obj.issued_on),
        )


class AgreementSource(Source):
    kind = "agreement"
    model = Agreement
    related = ("partner",)
    depends_on = {PartnerOrganization: lambda p: Agreement.objects.filter(partner=p).values_list("pk", flat=True)}

    def texts(self, obj, files):
        context = joined(obj.partner.acronym, obj.partner.name, obj.get_kind_display(), obj.signed_at)
        return guessed(obj.title, context, obj.note)

    def facets(self, obj):
        return Facets(reverse("relations:partner_detail", args=[obj.partner_id]), year=year_of(obj.signed_on))


class PartnerSource(Source):
    kind = "partner"
    model = PartnerOrganization

    def texts(self, obj, files):
        texts = bilingual(obj, "name")
        for text in texts:
            text.context, text.text = joined(obj.acronym, obj.get_kind_display()), obj.note
        return texts

    def facets(self, obj):
        return Facets(reverse("relations:partner_detail", args=[obj.pk]), year=year_of(obj.observer_since))


class LegalInstrumentSource(Source):
    kind = "legalinstrument"
    model = LegalInstrument

    def texts(self, obj, files):
        texts = bilingual(obj, "title")
        for text in texts:
            text.context = obj.get_kind_display()
        texts[0].text = obj.description
        return texts

    def facets(self, obj):
        return Facets(document_list_url(instrument=obj.pk), year=year_of(obj.adopted_on))


class InitiativeSource(Source):
    kind = "initiative"
    model = Initiative
    related = ("priority", "owner_country")

    def texts(self, obj, files):
        texts = bilingual(obj, "title", "description")
        for text in texts:
            priority = f"{obj.priority.number} {in_language(obj.priority, 'title', text.language)}"
            text.context = joined(priority, obj.owner)
        return texts

    def facets(self, obj):
        return Facets(
            reverse("chairmanship:chairmanship_detail", args=[obj.priority.chairmanship_id]),
            year=year_of(obj.target_date),
            countries=(obj.owner_country.iso2,) if obj.owner_country else (),
        )


class StatementSource(Source):
    """A state's statement on an agenda item: its title and the text of its file, in the language it was given in
    (found by whoever may read it: published ones by everyone, a submitted one by its own state and staff)."""

    kind = "statement"
    model = Statement
    related = ("country", "speakers_list__agenda_item__meeting__body")
    file_model = Statement
    file_owner = "pk"

    def files(self, obj):
        return [obj]

    def texts(self, obj, files):
        item = obj.speakers_list.agenda_item
        text = self.file_text(files, obj)
        language = obj.language if obj.language in ("en", "ru") else guess_language(obj.title, text)
        title = joined(in_language(obj.country, "name", language), in_language(item, "title", language), sep=": ")
        context = joined(f"{item.meeting.body.code} {item.meeting.number}, {item.number}", obj.title)
        url = reverse("speakers:statement_file", args=[obj.pk])
        return [Text(language, title, context, text, url)]

    def facets(self, obj):
        item = obj.speakers_list.agenda_item
        return Facets(
            reverse("speakers:list_detail", args=[obj.speakers_list_id]) + "#statements",
            body=item.meeting.body.code,
            year=year_of(item.meeting.start_on),
            countries=(obj.country.iso2,),
        )


class SilenceSource(Source):
    """A text under silence: its title and text, with the body and the expiry; found by who may see the procedure."""

    kind = "silence"
    model = SilenceProcedure
    related = ("body", "decision__meeting__body", "document")
    depends_on = {
        Decision: lambda decision: SilenceProcedure.objects.filter(decision=decision).values_list("pk", flat=True),
        Document: lambda document: SilenceProcedure.objects.filter(document=document).values_list("pk", flat=True),
    }

    def texts(self, obj, files):
        text = obj.decision or obj.document
        context = joined(obj.body.code, obj.get_status_display(), obj.expires_at.date())
        body = getattr(text, "text", "")
        entries = [Text("en", obj.text_label, context, joined(body, obj.note, sep="\n"))]
        if getattr(text, "title_ru", "") or obj.note_ru:
            entries.append(
                Text(
                    "ru",
                    text.title_ru or text.title,
                    context,
                    joined(getattr(text, "text_ru", ""), obj.note_ru, sep="\n"),
                )
            )
        return entries

    def facets(self, obj):
        return Facets(reverse("silence:procedure_detail", args=[obj.pk]), body=obj.body.code, year=obj.expires_at.year)


SOURCES = {
    source.kind: source
    for source in (
        MeasureSource(),
        ActionPlanSource(),
        ActivitySource(),
        ReportSource(),
        MeetingSource(),
        AgendaItemSource(),
        DecisionSource(),
        DocumentSource(),
        AgreementSource(),
        PartnerSource(),
        LegalInstrumentSource(),
        InitiativeSource(),
        StatementSource(),
        SilenceSource(),
    )
}


def all_sources():
    return list(SOURCES.values())


def source_for(kind):
    return SOURCES[kind]


def source_of_model(model):
    return next((s for s in SOURCES.values() if s.model is model), None)


def source_of_file_model(model):
    return next((s for s in SOURCES.values() if s.file_model is model), None)


def label_of(kind):
    source = SOURCES.get(kind)
    return source.label if source else kind


def kind_choices():
    return [(kind, source.label) for kind, source in SOURCES.items()]
