"""Saving a printed agenda or list of decisions as a Document of its meeting: the one write path for it."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from secretariat.choices import Distribution, DocumentKind, RevisionKind
from secretariat.models import Document, DocumentLanguageVersion, DocumentSymbolSequence, Meeting
from secretariat.services import issue_revision
from silence.models import SilenceProcedure

from .printouts import ParticipantsPrintout, SilenceLetterPrintout

LETTER_LANGUAGES = ("en", "ru")


@transaction.atomic
def save_meeting_printout(printout_class, meeting, language, user):
    """Render `printout_class` for `meeting` in `language` and keep it as that language's version of the Document.

    The first save creates the Document (its symbol is given by the rule, CICA/<BODY>/<year>/<n>, and printed in
    the header); saving again, or in the other language, adds or replaces a language version of the same Document.
    """
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one save of a meeting's printouts at a time
    printout = printout_class(meeting, user)
    document = printout.document
    if document is None:
        document = Document(
            meeting=meeting,
            kind=printout_class.document_kind,
            title=printout.document_title(),
            distribution=Distribution.MEMBER_STATES,
            issued_on=timezone.localdate(),
        )
        document._history_user = user
        document.save()
    with translation.override(language):
        printout = printout_class(meeting, user, document=document)
        pdf, title = printout.render(), printout.title()
    version = document.language_versions.filter(language=language).first() or DocumentLanguageVersion(
        document=document, language=language
    )
    version.title = title[:300]
    version._history_user = user
    version.file.save(f"{document.symbol.replace('/', '-')}-{language}.pdf", ContentFile(pdf), save=False)
    version.save()
    return document


LIST_TITLES = {"en": "List of participants", "ru": "Список участников"}


def issue_list_of_participants(sender, registration, user, **kwargs):
    """Receiver of participation.signals.list_of_participants_requested (participation.services decides whether a
    list is due): the list printed in English and Russian and kept as the meeting's Document, its symbol in the
    meeting's series (CICA/SWG/2026/3/INF.1), or, once issued, a revision of it (.../INF.1/Rev.1)."""
    meeting = registration.meeting
    previous = registration.participants_list
    if previous is not None:
        document = issue_revision(previous, user, RevisionKind.REVISION)
    else:
        symbol = DocumentSymbolSequence.allocate(f"{meeting.symbol_series}/INF", ".")
        document = Document(
            meeting=meeting,
            symbol=symbol,
            kind=DocumentKind.PARTICIPANTS,
            title=f"{LIST_TITLES['en']}: {meeting.body.name} ({meeting.body.code} {meeting.number})",
            title_ru=f"{LIST_TITLES['ru']}: {meeting.body.name_ru or meeting.body.name} ({meeting.body.code} "
            f"{meeting.number})",
            distribution=Distribution.MEMBER_STATES,
            issued_on=timezone.localdate(),
        )
        document._history_user = user
        document.save()
    for language in ("en", "ru"):
        with translation.override(language):
            printout = ParticipantsPrintout(meeting, user, document=document)
            pdf, title = printout.render(), printout.title()
        version = DocumentLanguageVersion(document=document, language=language, title=title[:300])
        version._history_user = user
        version.file.save(f"{document.symbol.replace('/', '-')}-{language}.pdf", ContentFile(pdf), save=False)
        version.save()
    return document


@transaction.atomic
def issue_silence_letter(procedure_id):
    """Issue the outcome letter of a concluded silence procedure, once: a Document under the symbol rule (the
    meeting's series for a decision or a meeting's document, CICA/<BODY>/<year>/<n>; else CICA/GEN/<year>/<n>),
    with an English and a Russian PDF; kept as the procedure's `letter`. Returns the Document, or None."""
    procedure = SilenceProcedure.objects.select_for_update().filter(pk=procedure_id).first()
    if procedure is None or not procedure.is_concluded or procedure.letter_id:
        return procedure.letter if procedure is not None else None
    text = procedure.text
    meeting = getattr(text, "meeting", None)
    distribution = getattr(text, "distribution", Distribution.MEMBER_STATES)
    titles = {}
    for language in LETTER_LANGUAGES:
        with translation.override(language):
            titles[language] = SilenceLetterPrintout(procedure, None, Document(issued_on=timezone.localdate())).title()
    document = Document(
        meeting=meeting,
        kind=DocumentKind.OTHER,
        title=titles["en"][:300],
        title_ru=titles["ru"][:300],
        distribution=distribution,
        issued_on=timezone.localdate(),
    )
    document._change_reason = "Silence procedure concluded"
    document.save()
    for language in LETTER_LANGUAGES:
        with translation.override(language):
            printout = SilenceLetterPrintout(procedure, None, document)
            pdf, version_title = printout.render(), printout.title()
        version = DocumentLanguageVersion(document=document, language=language, title=version_title[:300])
        version.file.save(f"{document.symbol.replace('/', '-')}-{language}.pdf", ContentFile(pdf), save=False)
        version.save()
    procedure.letter = document
    procedure.save(update_fields=["letter"])
    return document
