"""Coordinators hear, by email in their own language, when the Secretariat accepts or returns their report."""

import pytest

from measures.workflows import REPORT_WORKFLOW
from tests.factories import CoordinatorFactory, ImplementationReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """The notice is a Celery task; here it runs in-process even when CI points Celery at a real broker."""
    from cica_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def submitted(kazakhstan):
    return ImplementationReportFactory(country=kazakhstan, status="submitted")


def test_a_returned_report_emails_the_country_coordinators_with_the_feedback(
    submitted, kz_coordinator, in_coordinator, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        REPORT_WORKFLOW.take(submitted, officer, "return", feedback="Please add the Q2 workshops.")
    assert [m.to for m in mailoutbox] == [[kz_coordinator.email]]
    assert "returned for revision" in mailoutbox[0].subject
    assert "Please add the Q2 workshops." in mailoutbox[0].body
    assert f"/portal/reports/{submitted.pk}/" in mailoutbox[0].body


def test_a_russian_speaking_coordinator_hears_of_acceptance_in_russian(
    submitted, kazakhstan, officer, mailoutbox, django_capture_on_commit_callbacks
):
    CoordinatorFactory(country=kazakhstan, preferred_language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        REPORT_WORKFLOW.take(submitted, officer, "accept")
    assert len(mailoutbox) == 1
    assert "принят" in mailoutbox[0].subject


def test_a_refused_step_sends_nothing(
    kazakhstan, kz_coordinator, officer, mailoutbox, django_capture_on_commit_callbacks
):
    draft = ImplementationReportFactory(country=kazakhstan, status="draft")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception, match="cannot go from"):
        REPORT_WORKFLOW.take(draft, officer, "accept")
    assert mailoutbox == []
