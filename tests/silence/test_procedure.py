"""A silence procedure as the issue tells it: a text before the states of a body until an exact expiry; a state breaks
silence in writing before it, or joins consensus; at expiry the clock adopts the text, or records that it was not
adopted and who broke silence. Bad input is refused with the reason and changes nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chairmanship.models import Country
from secretariat.choices import DocumentKind, DocumentStatus
from silence import services
from silence.models import SilenceProcedure, SilenceResponse, focal_points_of
from silence.workflows import SILENCE_WORKFLOW
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

EXPIRY = datetime.datetime(2026, 12, 10, 18, 0, tzinfo=datetime.UTC)  # 23:00 in Astana


@pytest.fixture
def running(kazakhstan, india):
    return factories.SilenceProcedureFactory(expires_at=EXPIRY, states=[kazakhstan, india])


def at(moment):
    return time_machine.travel(moment, tick=False)


def test_the_focal_points_of_these_states_are_the_active_accounts_holding_the_right(kazakhstan, india, kz_focal_point):
    factories.FocalPointFactory(country=kazakhstan, is_active=False)
    factories.CoordinatorFactory(country=kazakhstan)
    other = factories.FocalPointFactory(country=factories.CountryFactory(iso2="CN"))
    assert list(focal_points_of([kazakhstan, india])) == [kz_focal_point]
    assert other not in focal_points_of([kazakhstan])


def test_nobody_objects_and_the_decision_is_adopted_on_the_expiry_date(running, kz_focal_point):
    with at(EXPIRY - datetime.timedelta(hours=1)):
        services.respond(running, kz_focal_point, "consensus")
        assert services.conclude(running.pk) is None  # not yet
    with at(EXPIRY):
        concluded = services.conclude(running.pk)
    assert concluded.status == "adopted"
    assert concluded.adopted_on == datetime.date(2026, 12, 10)
    with at(EXPIRY + datetime.timedelta(minutes=1)):
        assert services.conclude(running.pk) is None  # exactly once
        assert services.conclude_due() == {"adopted": 0, "not_adopted": 0}
    assert running.history.filter(status="adopted").count() == 1


def test_the_decision_page_says_it_was_adopted_under_silence_on_the_expiry_date(running, kz_focal_point):
    decision_page = reverse("secretariat:decision_detail", args=[running.decision_id])
    client = signed_in(kz_focal_point)
    assert "under silence procedure" not in client.get(decision_page).content.decode()
    with at(EXPIRY):
        services.conclude(running.pk)
    assert "under silence procedure on 10 Dec 2026" in client.get(decision_page).content.decode()


def test_a_break_one_second_before_expiry_means_not_adopted_with_who_when_and_why(running, kz_focal_point):
    with at(EXPIRY - datetime.timedelta(seconds=1)):
        services.respond(running, kz_focal_point, "amendment", "Replace paragraph 2 with: ...")
    with at(EXPIRY):
        assert services.conclude_due() == {"adopted": 0, "not_adopted": 1}
    procedure = SilenceProcedure.objects.get(pk=running.pk)
    assert procedure.status == "not_adopted" and procedure.adopted_on is None
    (broken,) = procedure.breaks()
    assert (broken.country.iso2, broken.kind, broken.text) == ("KZ", "amendment", "Replace paragraph 2 with: ...")
    assert broken.responded_at == EXPIRY - datetime.timedelta(seconds=1)
    assert broken.author == kz_focal_point


def test_a_document_adopted_under_silence_becomes_final():
    document = factories.DocumentFactory(kind=DocumentKind.DRAFT_TEXT)
    procedure = factories.SilenceProcedureFactory(decision=None, document=document, expires_at=EXPIRY)
    with at(EXPIRY + datetime.timedelta(hours=3)):  # a run missed while the workers were down
        services.conclude_due()
    document.refresh_from_db()
    assert document.kind == DocumentKind.ADOPTED_TEXT
    assert SilenceProcedure.objects.get(pk=procedure.pk).adopted_on == datetime.date(2026, 12, 10)


def test_a_superseded_revision_cannot_be_put_under_silence(officer):
    original = factories.DocumentFactory(status=DocumentStatus.SUPERSEDED)
    with pytest.raises(ValidationError) as refused:
        SilenceProcedure(body=original.meeting.body, document=original, expires_at=EXPIRY).full_clean()
    assert "document" in refused.value.message_dict


@pytest.mark.parametrize(
    ("when", "who", "kind", "text", "field"),
    [
        (EXPIRY, "kz", "objection", "Too late.", "expires_at"),
        (EXPIRY + datetime.timedelta(days=1), "kz", "consensus", "", "expires_at"),
        (EXPIRY - datetime.timedelta(hours=1), "kz", "objection", "   ", "text"),
        (EXPIRY - datetime.timedelta(hours=1), "cn", "objection", "Not concerned.", "status"),
    ],
    ids=["at-expiry", "after-expiry", "empty-objection", "state-not-concerned"],
)
def test_bad_answers_are_refused_and_change_nothing(running, kz_focal_point, when, who, kind, text, field):
    users = {"kz": kz_focal_point, "cn": factories.FocalPointFactory(country=factories.CountryFactory(iso2="CN"))}
    before = running.history.count()
    with at(when), pytest.raises(ValidationError) as refused:
        services.respond(running, users[who], kind, text)
    assert field in refused.value.message_dict
    assert not SilenceResponse.objects.exists()
    assert running.history.count() == before


def test_a_state_answers_once(running, kz_focal_point):
    with at(EXPIRY - datetime.timedelta(hours=2)):
        services.respond(running, kz_focal_point, "consensus")
        with pytest.raises(ValidationError):
            services.respond(running, kz_focal_point, "objection", "Changed our mind.")
    assert list(SilenceResponse.objects.values_list("kind", flat=True)) == ["consensus"]


def test_staff_extend_before_expiry_but_not_after(running, officer):
    later = EXPIRY + datetime.timedelta(days=2)
    with at(EXPIRY - datetime.timedelta(minutes=5)):
        SILENCE_WORKFLOW.take(running, officer, "extend", expires_at=later)
    running.refresh_from_db()
    assert (running.expires_at, running.extensions) == (later, 1)
    with at(later), pytest.raises(ValidationError) as refused:
        SILENCE_WORKFLOW.take(running, officer, "extend", expires_at=later + datetime.timedelta(days=1))
    assert "expires_at" in refused.value.message_dict
    running.refresh_from_db()
    assert (running.expires_at, running.extensions) == (later, 1)


def test_staff_withdraw_before_expiry_and_the_clock_never_concludes_a_withdrawn_text(running, officer):
    with at(EXPIRY - datetime.timedelta(minutes=5)):
        SILENCE_WORKFLOW.take(running, officer, "withdraw")
    with at(EXPIRY + datetime.timedelta(minutes=5)):
        assert services.conclude(running.pk) is None
    assert SilenceProcedure.objects.get(pk=running.pk).status == "withdrawn"


def test_starting_concerns_the_member_states_when_none_are_named(officer, kazakhstan, india):
    observer = factories.ObserverStateFactory(iso2="JP")
    procedure = factories.SilenceProcedureFactory(
        status="draft", expires_at=timezone.now() + datetime.timedelta(days=3)
    )
    SILENCE_WORKFLOW.take(procedure, officer, "start")
    concerned = set(procedure.states.values_list("iso2", flat=True))
    assert concerned == set(Country.objects.filter(cica_status="member").values_list("iso2", flat=True))
    assert {"KZ", "IN"} <= concerned and observer.iso2 not in concerned


def test_staff_conclude_by_hand_what_is_due_as_the_job_does(running):
    import io

    from django.core.management import call_command

    from jobs.models import JobRun

    out = io.StringIO()
    with at(EXPIRY + datetime.timedelta(minutes=3)):
        call_command("conclude_silence_procedures", "--dry-run", stdout=out)
        call_command("conclude_silence_procedures", stdout=out)
        call_command("conclude_silence_procedures", stdout=out)
    assert out.getvalue().splitlines() == ["dry run: 1 due", "adopted 1, not adopted 0", "adopted 0, not adopted 0"]
    assert JobRun.objects.filter(job="conclude_silence_procedures").count() == 2


@pytest.fixture
def with_a_broker():
    """Tasks queued to a broker (not run in-process), whatever the test settings say."""
    from cica_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = before


def test_a_conclusion_task_queued_days_early_waits_in_hops_shorter_than_the_brokers_visibility_timeout(
    running, settings, monkeypatch, with_a_broker
):
    """A message a worker holds past the visibility timeout goes to a second worker: never wait that long at once."""
    from silence import tasks

    queued = []
    monkeypatch.setattr(tasks.conclude_at_expiry, "apply_async", lambda args, eta: queued.append(eta))
    settings.CELERY_BROKER_VISIBILITY_TIMEOUT = 600
    with at(EXPIRY - datetime.timedelta(days=3)):
        assert tasks.conclude_at_expiry(running.pk)["concluded"] is False
    with at(EXPIRY - datetime.timedelta(minutes=2)):
        tasks.conclude_at_expiry(running.pk)
    assert queued == [EXPIRY - datetime.timedelta(days=3) + datetime.timedelta(seconds=300), EXPIRY]
    with at(EXPIRY):
        assert tasks.conclude_at_expiry(running.pk)["concluded"] is True


def test_after_the_expiry_no_door_offers_a_step_and_a_late_answer_is_told_why(running, kz_focal_point, officer):
    with at(EXPIRY - datetime.timedelta(minutes=1)):
        assert {t.name for t in SILENCE_WORKFLOW.available(running, officer)} == {"extend", "withdraw"}
        assert {t.name for t in SILENCE_WORKFLOW.available(running, kz_focal_point)} == {"break", "join_consensus"}
    with at(EXPIRY):
        assert SILENCE_WORKFLOW.available(running, officer) == []
        assert SILENCE_WORKFLOW.available(running, kz_focal_point) == []
        services.conclude(running.pk)
    with at(EXPIRY + datetime.timedelta(seconds=1)), pytest.raises(ValidationError) as refusal:
        services.respond(running, kz_focal_point, "objection", text="Too late.")
    (message,) = refusal.value.messages
    assert message.startswith("“Break silence” is no longer open: the silence procedure is adopted")
    assert not SilenceResponse.objects.filter(procedure=running).exists()
