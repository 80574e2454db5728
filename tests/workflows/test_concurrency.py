"""People acting on the same record at the same moment (PostgreSQL, real transactions in threads): each workflow
step happens once, the others get a clear refusal, numbering has no duplicates, and no notification goes out twice.
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
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


# Generous on purpose: on a loaded machine (CI beside a demo's seeding) six serialised requests have taken over a
# minute; a slow run must not be mistaken for a wrong answer, and a hung one still fails, by name.
BARRIER_TIMEOUT = 60
JOIN_TIMEOUT = 300


def at_once(requests):
    """Run the callables in threads released together; return their results (or the exceptions they raised)."""
    start = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, request):
        try:
            start.wait(timeout=BARRIER_TIMEOUT)
            results[index] = request()
        except Exception as exc:  # noqa: BLE001 - returned for the assertions
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"requests still running after {JOIN_TIMEOUT} s: {stuck}"  # said, not read as a wrong answer
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
    second_officer = factories.SecretariatUserFactory()
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


FORM = {"period_start": "2021-01-01", "period_end": "2021-06-30", "progress": 40, "narrative": "Two seminars held."}


def page_button(url_name, *extra):
    """A button on the report's page: back to the page with a success or an error message."""

    def press(user, report):
        from django.test import Client

        client = Client()
        sign_in(client, user)
        answer = client.post(reverse(url_name, args=[report.pk, *extra]), {"seen_version": report.lock_version})
        if answer.status_code != 302:
            return answer.status_code
        # Read off the page's HTML: a test client's `context` is caught by a global signal, which threads share.
        page = client.get(answer["Location"]).content.decode()
        return "refused" if 'class="message error"' in page else "done" if 'class="message success"' in page else page

    return press


def edit_form(user, report):
    from django.test import Client

    client = Client()
    sign_in(client, user)
    data = {**FORM, "seen_version": report.lock_version, "submit": "1"}
    answer = client.post(reverse("measures:report_edit", args=[report.pk]), data)
    return "done" if answer.status_code == 302 else answer.status_code


def api(method, path, payload):
    def call(user, report):
        answer = getattr(client_for(user), method)(path.format(pk=report.pk), payload, format="json")
        return "done" if answer.status_code == 200 else answer.status_code

    return call


# Every door a coordinator submits a report through, and the clear refusal each gives a request that comes second:
# the form again with why (409), the page with an error message, the API's 409.
SUBMIT_DOORS = {
    "edit form": (edit_form, 409),
    "submit button": (page_button("measures:report_submit"), "refused"),
    "step button": (page_button("measures:report_step", "submit"), "refused"),
    "API PATCH": (api("patch", "/api/v1/reports/{pk}/", {"status": "submitted"}), 409),
    "API transitions": (api("post", "/api/v1/reports/{pk}/transitions/", {"transition": "submit"}), 409),
}


@pytest.mark.parametrize("door", sorted(SUBMIT_DOORS))
def test_six_submits_at_once_through_each_door_submit_once_and_refuse_the_rest_clearly(kz_coordinator, door):
    report = factories.ImplementationReportFactory(country=kz_coordinator.country)
    press, refusal = SUBMIT_DOORS[door]

    answers = at_once([lambda: press(kz_coordinator, report) for _ in range(6)])

    assert sorted(map(str, answers)) == sorted(map(str, ["done"] + [refusal] * 5)), answers
    assert ImplementationReport.objects.get(pk=report.pk).history.filter(status="submitted").count() == 1
