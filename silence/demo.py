"""The demo's silence procedures (called by referencedata's seed_demo, inside its importing() block): two texts under
silence now (a draft decision and a document, so Kazakhstan's focal point can break silence on one and join
consensus on the other), one adopted under silence procedure and one where India broke silence."""

import datetime

from django.utils import timezone

from chairmanship.models import Country
from secretariat.choices import DecisionStatus, Distribution, DocumentKind
from secretariat.models import Decision, Document

from .choices import ResponseKind, SilenceStatus
from .models import SilenceProcedure, SilenceResponse

RUNNING_DECISION = "Terms of reference of the CICA Think Tank Forum"
RUNNING_DOCUMENT = "Draft CICA statement on the International Day of Multilateralism"
ADOPTED = "Rules of procedure of the CICA Fund"
BROKEN = "Joint statement on connectivity in Asia"

RUSSIAN = {
    RUNNING_DECISION: "Положение о Форуме аналитических центров СВМДА",
    RUNNING_DOCUMENT: "Проект заявления СВМДА к Международному дню многосторонности",
    ADOPTED: "Правила процедуры Фонда СВМДА",
    BROKEN: "Совместное заявление о взаимосвязанности в Азии",
    "The member states agree on the text circulated by the Chair.": (
        "Государства-члены согласовывают текст, распространённый Председательством."
    ),
}
TEXT = "The member states agree on the text circulated by the Chair."
NOTE = "The Chair circulates the text under silence procedure, as agreed at the last meeting of the CSO."
NOTE_RU = "Председательство распространяет текст по процедуре умолчания, как условлено на последнем заседании СДЛ."


def expiry(seeder, offset):
    """18:00 in Astana on the day `offset` days from today (the same on every run of the day)."""
    day = seeder.day(offset)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)), timezone.get_default_timezone())


def seed_silence(seeder, meeting):
    """The four procedures under `meeting`'s body; returns the concluded ones (for their outcome letters)."""
    members = list(Country.objects.members_on(seeder.today))
    india = Country.objects.get(iso2="IN")

    def decision(number, title, status=DecisionStatus.OPEN):
        return seeder.sync(
            Decision,
            {"meeting": meeting, "number": number},
            {"title": title, "title_ru": RUSSIAN[title], "text": TEXT, "text_ru": RUSSIAN[TEXT], "status": status},
        )

    def procedure(text, offset, status, **values):
        lookup = {"decision": text} if isinstance(text, Decision) else {"document": text}
        values = {
            "body": meeting.body,
            "expires_at": expiry(seeder, offset),
            "status": status,
            "note": NOTE,
            "note_ru": NOTE_RU,
            "started_at": expiry(seeder, offset - 7),
            **values,
        }
        return seeder.sync(SilenceProcedure, lookup, values, m2m={"states": members})

    def answer(procedure, country, kind, text="", offset=-1):
        return seeder.sync(
            SilenceResponse,
            {"procedure": procedure, "country": country},
            {"kind": kind, "text": text, "responded_at": expiry(seeder, offset) - datetime.timedelta(hours=5)},
        )

    document = seeder.sync(
        Document,
        {"meeting": meeting, "title": RUNNING_DOCUMENT},
        {
            "title_ru": RUSSIAN[RUNNING_DOCUMENT],
            "kind": DocumentKind.DRAFT_TEXT,
            "distribution": Distribution.MEMBER_STATES,
            "issued_on": seeder.day(-2),
        },
    )
    procedure(decision(11, RUNNING_DECISION), 3, SilenceStatus.RUNNING)
    procedure(document, 6, SilenceStatus.RUNNING)
    adopted = procedure(
        decision(12, ADOPTED),
        -10,
        SilenceStatus.ADOPTED,
        concluded_at=expiry(seeder, -10),
        adopted_on=seeder.day(-10),
    )
    broken = procedure(decision(13, BROKEN), -20, SilenceStatus.NOT_ADOPTED, concluded_at=expiry(seeder, -20))
    answer(adopted, india, ResponseKind.CONSENSUS, offset=-12)
    answer(
        broken,
        india,
        ResponseKind.AMENDMENT,
        "Replace paragraph 3 with: “The member states will consider further steps at the next meeting of the CSO.”",
        offset=-21,
    )
    return [adopted, broken]
