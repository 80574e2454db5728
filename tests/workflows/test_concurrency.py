"""People acting on the same record at the same moment (PostgreSQL, real transactions in threads): each workflow
step happens once, the others get a clear refusal, numbering has no duplicates, and no notification goes out twice.
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from measures.models import ImplementationReport
from secretariat.models import AgendaItem, Decision
from tests import factories
from tests.conftest import service_missing, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

LATER = datetime.date(2031, 3, 1)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed: row locks are what is tested")


def at_once(requests):
    """Run the callables in threads released together; return their results (or the exceptions they raised)."""
    start = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, request):
        try:
            start.wait(timeout=10)
            results[index] = request()
        except Exception as exc:  # noqa: BLE001 - returned for the assertions
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_eight_submits_at_once_submit_the_report_once(kz_coordinator):
    report = factories.ImplementationReportFactory(country=kz_coordinator.country)
    url = f"/api/v1/reports/{report.pk}/"

    answers = at_once([lambda: client_for(kz_coordinator).patch(url, {"status": "submitted"}) for _ in range(8)])

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200] + [409] * 7, codes
    assert report.history.filter(status="submitted").count() == 1


@pytest.fixture
def tasks_in_process():
    """The review notice is a Celery task; here it runs in-process even when CI points Celery at a real broker."""
    from cica_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_six_accepts_at_once_accept_once_and_notify_once(officer, kz_coordinator, mailoutbox, tasks_in_process):
    report = factories.ImplementationReportFactory(country=kz_coordinator.country, status="submitted")
    url = f"/api/v1/reports/{report.pk}/transitions/"

    answers = at_once([lambda: client_for(officer).post(url, {"transition": "accept"}) for _ in range(6)])

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200] + [409] * 5, codes
    assert all("already accepted" in a.json()["detail"] for a in answers if a.status_code == 409)
    assert ImplementationReport.objects.get(pk=report.pk).history.filter(status="accepted").count() == 1
    assert len(mailoutbox) == 1  # the review notice, to Kazakhstan's one coordinator


def test_two_staff_referring_the_same_decision_at_once_refer_it_once(officer):
    swg = factories.MeetingBodyFactory(code="SWG", level=1)
    cso = factories.MeetingBodyFactory(code="CSO", level=2)
    source = factories.DecisionFactory(meeting=factories.MeetingFactory(body=swg, start_on=LATER, end_on=LATER))
    held = LATER + datetime.timedelta(days=30)
    target = factories.MeetingFactory(body=cso, start_on=held, end_on=held)
    second_officer = factories.SecretariatUserFactory(is_superuser=True)
    url = f"/api/v1/decisions/{source.pk}/refer/"

    answers = at_once([lambda user=user: client_for(user).post(url, {}) for user in (officer, second_officer)])

    assert sorted(answer.status_code for answer in answers) == [201, 409]
    assert Decision.objects.filter(meeting=target, referred_from=source).count() == 1


def test_referrals_to_one_meeting_at_once_get_distinct_numbers(officer):
    swg = factories.MeetingBodyFactory(code="SWG", level=1)
    cso = factories.MeetingBodyFactory(code="CSO", level=2)
    swg_meeting = factories.MeetingFactory(body=swg, start_on=LATER, end_on=LATER)
    sources = [factories.DecisionFactory(meeting=swg_meeting) for _ in range(4)]
    held = LATER + datetime.timedelta(days=30)
    target = factories.MeetingFactory(body=cso, start_on=held, end_on=held)

    answers = at_once([lambda d=d: client_for(officer).post(f"/api/v1/decisions/{d.pk}/refer/", {}) for d in sources])

    assert [answer.status_code for answer in answers] == [201] * 4
    numbers = list(Decision.objects.filter(meeting=target).values_list("number", flat=True))
    items = list(AgendaItem.objects.filter(meeting=target).values_list("number", flat=True))
    assert sorted(numbers) == sorted(items) == [1, 2, 3, 4]


def test_six_submits_from_the_portal_form_at_once_submit_once(kz_coordinator):
    from django.test import Client
    from django.urls import reverse

    report = factories.ImplementationReportFactory(country=kz_coordinator.country)
    url = reverse("measures:report_edit", args=[report.pk])
    data = {
        "period_start": "2021-01-01",
        "period_end": "2021-06-30",
        "progress": 40,
        "narrative": "Two seminars held.",
        "seen_version": report.lock_version,
        "submit": "1",
    }

    def submit():
        client = Client()
        sign_in(client, kz_coordinator)
        return client.post(url, data)

    answers = at_once([submit for _ in range(6)])

    assert sorted(answer.status_code for answer in answers) == [302] + [400] * 5
    assert ImplementationReport.objects.get(pk=report.pk).history.filter(status="submitted").count() == 1
