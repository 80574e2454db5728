"""Every concerned state is told, in its own language: by email (once per focal point and step), in the portal's
inbox, and partners that may see the text by webhook; a concluded procedure gets its outcome letter, a Document
under the symbol rule with an English and a Russian PDF."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from silence import services
from silence.models import SilenceNotice, SilenceProcedure
from silence.workflows import SILENCE_WORKFLOW
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tasks_in_process")]


@pytest.fixture
def states(kazakhstan, india):
    return kazakhstan, india


@pytest.fixture
def focal_points(states):
    kazakhstan, india = states
    return {
        "kz": factories.FocalPointFactory(
            username="fp-kz", country=kazakhstan, preferred_language="ru", email="fp@mfa.kz"
        ),
        "in": factories.FocalPointFactory(username="fp-in", country=india, preferred_language="en", email="fp@mea.in"),
    }


def started(officer, states, expires_in=datetime.timedelta(hours=2)):
    decision = factories.DecisionFactory(title="Rules of the CICA Fund", title_ru="Правила Фонда СВМДА")
    procedure = SilenceProcedure(body=decision.meeting.body, decision=decision, expires_at=timezone.now() + expires_in)
    procedure.save()
    procedure.states.set(states)
    return SILENCE_WORKFLOW.take(procedure, officer, "start")


def test_nobody_objects_every_state_is_told_once_in_its_language_and_the_letter_is_issued(
    officer, states, focal_points, receiver, subscribe
):
    subscribe("silence.started", "silence.broken", "silence.concluded")
    procedure = started(officer, states)
    assert sorted(m.to[0] for m in mail.outbox) == ["fp@mea.in", "fp@mfa.kz"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "процедура умолчания" in by_address["fp@mfa.kz"].subject
    assert "Правила Фонда СВМДА" in by_address["fp@mfa.kz"].subject
    assert "silence procedure" in by_address["fp@mea.in"].subject
    mail.outbox.clear()

    with time_machine.travel(procedure.expires_at + datetime.timedelta(seconds=30)):
        services.conclude_due()
        services.conclude_due()  # a second run finds nothing to do
    procedure.refresh_from_db()
    assert procedure.status == "adopted"
    assert sorted(m.to[0] for m in mail.outbox) == ["fp@mea.in", "fp@mfa.kz"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "принят по процедуре умолчания" in by_address["fp@mfa.kz"].subject
    assert "adopted under silence procedure" in by_address["fp@mea.in"].subject
    assert SilenceNotice.objects.filter(event="adopted", status="sent").count() == 2

    letter = procedure.letter
    assert letter is not None and letter.symbol.startswith(f"CICA/{procedure.body.code}/")
    assert sorted(letter.language_versions.values_list("language", flat=True)) == ["en", "ru"]
    assert letter.language_versions.get(language="en").file.read().startswith(b"%PDF")

    types = [(r.type, r.payload["data"]["status"]) for r in receiver.accepted()]
    assert types == [("silence.started", "running"), ("silence.concluded", "adopted")]


def test_a_break_is_told_to_every_concerned_state_with_who_and_why(officer, states, focal_points, receiver, subscribe):
    subscribe("silence.broken", "silence.concluded")
    procedure = started(officer, states)
    mail.outbox.clear()
    services.respond(procedure, focal_points["in"], "objection", "Paragraph 3 prejudges the budget.")
    assert sorted(m.to[0] for m in mail.outbox) == ["fp@mea.in", "fp@mfa.kz"]
    assert all("Paragraph 3 prejudges the budget." in m.body for m in mail.outbox)
    mail.outbox.clear()
    with time_machine.travel(procedure.expires_at):
        services.conclude_due()
    procedure.refresh_from_db()
    assert procedure.status == "not_adopted"
    kz_mail = next(m for m in mail.outbox if m.to == ["fp@mfa.kz"])
    assert "не принят" in kz_mail.subject and "Индия" in kz_mail.body and "Paragraph 3" in kz_mail.body
    assert [r.type for r in receiver.accepted()] == ["silence.broken", "silence.concluded"]
    assert receiver.accepted()[-1].payload["data"]["responses"][0]["state"] == "IN"


def test_an_extension_is_told_and_recorded(officer, states, focal_points):
    procedure = started(officer, states)
    mail.outbox.clear()
    later = procedure.expires_at + datetime.timedelta(days=1)
    SILENCE_WORKFLOW.take(procedure, officer, "extend", expires_at=later)
    assert len(mail.outbox) == 2 and all("extended" in m.subject or "продлён" in m.subject for m in mail.outbox)
    assert procedure.history.first().history_change_reason == "Extend the silence period"


def test_partners_learn_only_of_texts_they_may_see(officer, states, focal_points, receiver, subscribe):
    subscribe("silence.started")
    restricted = factories.DocumentFactory(distribution="restricted")
    procedure = SilenceProcedure(
        body=restricted.meeting.body, document=restricted, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    procedure.save()
    procedure.states.set(states)
    SILENCE_WORKFLOW.take(procedure, officer, "start")
    assert receiver.accepted() == []
