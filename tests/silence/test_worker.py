"""With PostgreSQL, Redis and a real worker process: a text under silence concludes at its expiry through the worker,
exactly once, every concerned state emailed once in its language and the partner's receiver told once; a break one
second before expiry means not adopted; a worker down at expiry catches up when it comes back, on the expiry's terms;
a break and the conclusion racing at the expiry leave one outcome."""

import datetime
import threading
from email.header import decode_header, make_header

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cica_portal.celery import app
from jobs.models import JobRun
from silence import services, tasks
from silence.models import SilenceNotice, SilenceProcedure, SilenceResponse
from silence.workflows import SILENCE_WORKFLOW
from tests import factories
from tests.conftest import service_missing
from tests.mailserver import FlakyMailServer
from tests.workers import WorkerProcess, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_server():
    server = FlakyMailServer().start()
    yield server
    server.stop()


@pytest.fixture
def worker(tmp_path, receiver, mail_server):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed (the worker process reads the test database)")
    if not settings.REDIS_URL:
        service_missing("Redis needed")
    process = WorkerProcess(
        tmp_path, WEBHOOKS_ALLOW_LOOPBACK="true", EMAIL_URL=f"smtp://127.0.0.1:{mail_server.port}", EMAIL_TIMEOUT=5
    )
    saved = {key: app.conf[key] for key in ("task_default_queue", "task_always_eager")}
    app.conf.update(task_default_queue=process.queue, task_always_eager=False)  # what this test queues goes there
    yield process
    process.kill()
    app.conf.update(saved)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(process.queue)


@pytest.fixture
def states(kazakhstan, india):
    factories.FocalPointFactory(username="fp-kz", country=kazakhstan, preferred_language="ru", email="fp@mfa.kz")
    factories.FocalPointFactory(username="fp-in", country=india, preferred_language="en", email="fp@mea.in")
    return [kazakhstan, india]


def put_under_silence(officer, states, seconds):
    decision = factories.DecisionFactory(title="Rules of the CICA Fund", title_ru="Правила Фонда СВМДА")
    expires_at = timezone.now() + datetime.timedelta(seconds=seconds)
    procedure = SilenceProcedure(body=decision.meeting.body, decision=decision, expires_at=expires_at)
    procedure.save()
    procedure.states.set(states)
    return SILENCE_WORKFLOW.take(procedure, officer, "start")


def until(moment):
    """Poll the clock (with a deadline) until `moment`."""
    seconds = (moment - timezone.now()).total_seconds()
    assert wait_for(lambda: timezone.now() >= moment, timeout=max(seconds, 0) + 5, interval=0.02)


def concluded(procedure):
    return SilenceProcedure.objects.get(pk=procedure.pk).is_concluded


def conclusions(procedure):
    """How many times the history records the procedure entering an outcome."""
    rows = list(procedure.history.order_by("history_date", "history_id").values_list("status", flat=True))
    return sum(1 for before, after in zip(rows, rows[1:], strict=False) if before == "running" and after != before)


def subjects(mail_server, address):
    decoded = [(m["To"], str(make_header(decode_header(m["Subject"])))) for m in mail_server.messages]
    return [" ".join(subject.split()) for to, subject in decoded if to == address]


def test_nobody_objects_adopted_at_expiry_every_state_emailed_once_in_its_language_webhook_once(
    worker, receiver, subscribe, mail_server, officer, states
):
    subscribe("silence.concluded")
    worker.start()
    procedure = put_under_silence(officer, states, seconds=6)

    assert wait_for(lambda: concluded(procedure), timeout=60), worker.logs()
    stored = SilenceProcedure.objects.get(pk=procedure.pk)
    assert stored.status == "adopted" and stored.adopted_on == stored.expiry_date
    assert stored.concluded_at >= stored.expires_at
    assert conclusions(stored) == 1

    assert wait_for(lambda: len(mail_server.messages) == 4, timeout=60), worker.logs()  # started + adopted, 2 states
    assert wait_for(lambda: SilenceProcedure.objects.get(pk=procedure.pk).letter_id, timeout=60), worker.logs()
    assert wait_for(lambda: receiver.accepted(), timeout=60), worker.logs()
    kz, india = subjects(mail_server, "fp@mfa.kz"), subjects(mail_server, "fp@mea.in")
    assert len(kz) == 2 and any("принят по процедуре умолчания" in s for s in kz)
    assert len(india) == 2 and any("adopted under silence procedure" in s for s in india)
    assert SilenceNotice.objects.filter(status="sent").count() == 4
    (event,) = receiver.accepted()
    assert event.type == "silence.concluded" and event.payload["data"]["status"] == "adopted"


def test_a_break_one_second_before_expiry_means_not_adopted(worker, receiver, subscribe, mail_server, officer, states):
    subscribe("silence.broken", "silence.concluded")
    worker.start()
    procedure = put_under_silence(officer, states, seconds=6)
    india_fp = factories.FocalPointFactory._meta.model.objects.get(username="fp-in")

    until(procedure.expires_at - datetime.timedelta(seconds=1))
    services.respond(procedure, india_fp, "objection", "Paragraph 3 prejudges the budget.")

    assert wait_for(lambda: concluded(procedure), timeout=60), worker.logs()
    stored = SilenceProcedure.objects.get(pk=procedure.pk)
    assert stored.status == "not_adopted" and stored.adopted_on is None and conclusions(stored) == 1
    (broken,) = stored.breaks()
    assert broken.country.iso2 == "IN" and broken.responded_at < stored.expires_at
    assert wait_for(lambda: len(receiver.accepted()) == 2, timeout=60), worker.logs()
    assert [e.type for e in receiver.accepted()] == ["silence.broken", "silence.concluded"]
    assert wait_for(lambda: len(subjects(mail_server, "fp@mfa.kz")) == 3, timeout=60), worker.logs()
    assert any("не принят" in s for s in subjects(mail_server, "fp@mfa.kz"))


def test_a_worker_down_at_expiry_concludes_once_on_the_expirys_terms_when_it_comes_back(
    worker, mail_server, officer, states
):
    procedure = put_under_silence(officer, states, seconds=3)  # queued while no worker runs
    until(procedure.expires_at + datetime.timedelta(seconds=1))
    kz_fp = factories.FocalPointFactory._meta.model.objects.get(username="fp-kz")
    with pytest.raises(ValidationError):  # too late, whatever the workers do: the server's clock decides
        services.respond(procedure, kz_fp, "objection", "We object.")
    assert SilenceProcedure.objects.get(pk=procedure.pk).status == "running"

    worker.start()
    tasks.conclude_silence_procedures.delay()  # the beat's catch-up run, beside the waiting conclusion task
    assert wait_for(lambda: concluded(procedure), timeout=60), worker.logs()
    assert wait_for(
        lambda: JobRun.objects.filter(job="conclude_silence_procedures").exclude(outcome="running").exists()
    )
    stored = SilenceProcedure.objects.get(pk=procedure.pk)
    assert stored.status == "adopted" and stored.adopted_on == stored.expiry_date and conclusions(stored) == 1
    assert not SilenceResponse.objects.exists()
    assert wait_for(lambda: len(subjects(mail_server, "fp@mea.in")) == 2, timeout=60), worker.logs()


def test_a_break_and_the_conclusion_racing_at_the_expiry_leave_one_outcome(worker, officer, states):
    worker.start()
    kz_fp = factories.FocalPointFactory._meta.model.objects.get(username="fp-kz")
    procedures = [put_under_silence(officer, states, seconds=5) for _ in range(3)]
    outcomes = {}

    def break_at_the_last_moment(procedure):
        until(procedure.expires_at - datetime.timedelta(milliseconds=30))
        try:
            services.respond(procedure, kz_fp, "objection", "Objection sent as the period ends.")
        except ValidationError:
            outcomes[procedure.pk] = "refused"
        else:
            outcomes[procedure.pk] = "recorded"
        finally:
            connection.close()

    def conclude_at_expiry(procedure):
        until(procedure.expires_at)
        services.conclude(procedure.pk)
        connection.close()

    threads = [threading.Thread(target=break_at_the_last_moment, args=(p,)) for p in procedures]
    threads += [threading.Thread(target=conclude_at_expiry, args=(p,)) for p in procedures]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for procedure in procedures:  # the worker's own conclusion task fires at the expiry too
        assert wait_for(lambda p=procedure: concluded(p), timeout=60), worker.logs()
        stored = SilenceProcedure.objects.get(pk=procedure.pk)
        assert conclusions(stored) == 1
        recorded = SilenceResponse.objects.filter(procedure=procedure).first()
        if outcomes[procedure.pk] == "recorded":
            assert stored.status == "not_adopted" and recorded.responded_at < stored.expires_at
        else:
            assert stored.status == "adopted" and recorded is None


def test_under_make_run_without_a_broker_a_timer_of_the_server_concludes_at_expiry(
    settings, tasks_in_process, officer, states
):
    """`make run`'s embedded default has no broker to wait in (Celery eager) and no beat: the development server's
    own timer stands in for them (SILENCE_CLOCK_IN_PROCESS, which `make run` sets)."""
    from tests.search.conftest import require_postgresql

    require_postgresql()  # the timer's thread reads the committed row through a connection of its own
    settings.SILENCE_CLOCK_IN_PROCESS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    before = set(threading.enumerate())

    procedure = put_under_silence(officer, states, seconds=2)

    assert not concluded(procedure)
    timers = [t for t in set(threading.enumerate()) - before if isinstance(t, threading.Timer)]
    assert len(timers) == 1
    timers[0].join(timeout=30)
    stored = SilenceProcedure.objects.get(pk=procedure.pk)
    assert stored.status == "adopted" and stored.adopted_on == stored.expiry_date
    assert stored.concluded_at >= stored.expires_at
    assert conclusions(procedure) == 1
