"""A small Catalogue for the portal's tests: Kazakhstan coordinates one measure, India another."""

import datetime

import pytest

from measures.choices import CoordinationRole, ReportStatus
from secretariat.choices import Distribution, ResponsibleParty
from tests import factories

TODAY = datetime.date(2025, 6, 10)


@pytest.fixture(autouse=True)
def _plain_http_and_static(settings):
    """Tests speak plain HTTP and serve static files from the source folders (no collectstatic manifest)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def catalogue(kazakhstan, india):
    dimension = factories.DimensionFactory(name="Economic dimension", name_ru="Экономическое измерение", order=1)
    kz_measure = factories.MeasureFactory(dimension=dimension, title="Energy security", title_ru="Энергобезопасность")
    in_measure = factories.MeasureFactory(dimension=dimension, title="Tourism", title_ru="Туризм")
    factories.CoordinationFactory(measure=kz_measure, country=kazakhstan)
    factories.CoordinationFactory(measure=in_measure, country=india, role=CoordinationRole.COORDINATOR)
    kz_plan = factories.ActionPlanFactory(measure=kz_measure)
    in_plan = factories.ActionPlanFactory(measure=in_measure)
    kz_activity = factories.ActivityFactory(action_plan=kz_plan, host_country=kazakhstan, status="in_progress")
    in_activity = factories.ActivityFactory(action_plan=in_plan, host_country=india, status="completed", progress=100)
    kz_draft = factories.ImplementationReportFactory(
        measure=kz_measure, country=kazakhstan, status=ReportStatus.DRAFT, due_on=datetime.date(2021, 7, 31)
    )
    in_draft = factories.ImplementationReportFactory(measure=in_measure, country=india, status=ReportStatus.DRAFT)
    meeting = factories.MeetingFactory(
        start_on=datetime.date(2030, 6, 22),
        end_on=datetime.date(2030, 6, 23),
        document_deadline=datetime.date(2030, 6, 1),
    )
    kz_decision = factories.DecisionFactory(
        meeting=meeting,
        responsible_party=ResponsibleParty.MEMBER_STATE,
        responsible_country=kazakhstan,
        title="Host a seminar",
    )
    in_decision = factories.DecisionFactory(
        meeting=meeting, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=india, title="Report"
    )
    document = factories.DocumentFactory(meeting=meeting, distribution=Distribution.MEMBER_STATES, title="Agenda")
    return {
        "dimension": dimension,
        "kz_measure": kz_measure,
        "in_measure": in_measure,
        "kz_plan": kz_plan,
        "in_plan": in_plan,
        "kz_activity": kz_activity,
        "in_activity": in_activity,
        "kz_draft": kz_draft,
        "in_draft": in_draft,
        "meeting": meeting,
        "kz_decision": kz_decision,
        "in_decision": in_decision,
        "document": document,
    }
