"""Saving a printed agenda or list of decisions as a Document of its meeting: the one write path for it."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from secretariat.choices import Distribution
from secretariat.models import Document, DocumentLanguageVersion, Meeting


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
