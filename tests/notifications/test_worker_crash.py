"""A worker node killed (SIGKILL) in the middle of a run: after the lease runs out and the next run, every reminder
has been sent exactly once and no job run is left "running"."""

import datetime
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from jobs.choices import JobOutcome
from jobs.models import JobRun
from notifications import tasks
from notifications.choices import DeliveryStatus
from notifications.models import ReminderDelivery, ReminderRule
from tests import factories
from tests.conftest import service_missing
from tests.mailserver import FlakyMailServer
from tests.workers import WorkerProcess, wait_for

LEASE = 6
LOST_AFTER = 3


@pytest.fixture
def mail_server():
    server = FlakyMailServer(hang_seconds=60).start()
    yield server
    server.stop()


@pytest.fixture
def worker(tmp_path, mail_server):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed (the worker process reads the test database)")
    if not settings.REDIS_URL:
        service_missing("Redis needed")
    process = WorkerProcess(
        tmp_path,
        EMAIL_URL=f"smtp://127.0.0.1:{mail_server.port}",
        EMAIL_TIMEOUT=4,
        NOTIFICATIONS_SEND_TIME_LIMIT=5,
        NOTIFICATIONS_SEND_LEASE=LEASE,
        NOTIFICATIONS_RETRY_DELAY=1,
        NOTIFICATIONS_RETRY_MAX_DELAY=2,
        CELERY_BROKER_VISIBILITY_TIMEOUT=8,
        JOBS_LOST_AFTER=LOST_AFTER,
    )
    yield process
    process.kill()
    with tasks.send_reminders.app.connection_for_write() as conn:
        conn.default_channel.queue_purge(process.queue)


@pytest.fixture
def table_locked_against_claims():
    """A second session holding a lock that makes the job wait when it inserts its claims. Released at the end
    whatever happens: a lock left behind would hold up the flush after the test for ever."""
    import psycopg2

    db = connection.settings_dict
    locker = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"])
    locker.cursor().execute("LOCK TABLE notifications_reminderdelivery IN EXCLUSIVE MODE")
    yield locker
    if not locker.closed:
        locker.rollback()
        locker.close()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_leaves_every_reminder_sent_exactly_once(worker, mail_server, kazakhstan, request):
    coordinators = [factories.CoordinatorFactory(country=kazakhstan) for _ in range(3)]
    ReminderRule.objects.create(name="Decisions", kind="decision_due", lead_days="7")
    due = timezone.localdate() + datetime.timedelta(days=7)
    for _ in range(2):
        factories.DecisionFactory(deadline=due, responsible_party="member_state", responsible_country=kazakhstan)

    def run_job():
        tasks.send_reminders.apply_async(queue=worker.queue)

    # 1. The node dies while the job itself runs (held up claiming): its run stays "running".
    locker = request.getfixturevalue("table_locked_against_claims")
    worker.start()
    run_job()
    assert wait_for(lambda: JobRun.objects.filter(outcome=JobOutcome.RUNNING).exists()), worker.logs()
    time.sleep(1)
    worker.kill()
    locker.rollback()
    locker.close()
    lost_run = JobRun.objects.get(outcome=JobOutcome.RUNNING)

    # 2. The node dies while sending: two emails went out, the third hangs at the mail server.
    mail_server.hang_after = 2
    time.sleep(LOST_AFTER + 1)
    worker.start()
    run_job()
    assert wait_for(mail_server.hanging.is_set, timeout=60), worker.logs()
    worker.kill()
    hung_at = time.monotonic()
    assert len(mail_server.messages) == 2
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENDING).count() == 1

    # 3. The node comes back; after the lease the next run takes the abandoned delivery again.
    mail_server.hang_after = None
    worker.start()
    time.sleep(max(0, LEASE + 1 - (time.monotonic() - hung_at)))
    run_job()
    all_sent = lambda: ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 6  # noqa: E731
    assert wait_for(all_sent, timeout=60), worker.logs()
    # The killed task's own message comes back from the broker (visibility timeout): it must find nothing to do.
    wait_for(lambda: "'status': 'skipped'" in worker.logs(), timeout=30)

    assert len(mail_server.messages) == 6
    assert len(set(mail_server.message_ids())) == 6
    assert mail_server.recipients() == sorted(user.email for user in coordinators for _ in range(2))
    assert ReminderDelivery.objects.count() == 6
    lost_run.refresh_from_db()
    assert lost_run.outcome == JobOutcome.FAILED
    assert "stopped before it finished" in lost_run.summary
    # The redelivered message may still be finishing its (empty) run on a loaded machine.
    assert wait_for(lambda: not JobRun.objects.filter(outcome=JobOutcome.RUNNING).exists(), timeout=60), worker.logs()
