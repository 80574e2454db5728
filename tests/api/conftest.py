"""A small CICA world and one API client per role, shared by the API tests."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.tokens import TokenScope
from measures.choices import ReportStatus
from secretariat.choices import Distribution, ResponsibleParty
from tests import factories
from tests.conftest import token_client

ROLES = ("anonymous", "partner", "coordinator_kz", "coordinator_other", "staff")


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _api_test_settings(settings):
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # personas sign up fast
    # Pages with static files (Swagger UI, admin) render without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def api_client():
    return APIClient()


@pytest.fixture
def clients(officer, kz_coordinator, in_coordinator, partner_system):
    return {
        "anonymous": api_client(),
        "partner": token_client(partner_system, TokenScope.READ),
        "coordinator_kz": token_client(kz_coordinator),
        "coordinator_other": token_client(in_coordinator),
        "staff": token_client(officer),
    }


@pytest.fixture
def world(kazakhstan, india):
    """Two coordinating states, each with a measure; reports in every state; documents of every distribution."""
    w = SimpleNamespace(kz=kazakhstan, india=india)
    w.economic = factories.DimensionFactory(code="economic", name="Economic dimension")
    w.military = factories.DimensionFactory(code="military-political", name="Military-political dimension")
    w.kz_measure = factories.MeasureFactory(code="trade", title="Trade and investment", dimension=w.economic)
    w.in_measure = factories.MeasureFactory(code="energy", title="Energy security", dimension=w.economic)
    w.military_measure = factories.MeasureFactory(code="military-contacts", dimension=w.military)
    w.kz_coordination = factories.CoordinationFactory(measure=w.kz_measure, country=kazakhstan)
    factories.CoordinationFactory(measure=w.in_measure, country=india)
    w.kz_plan = factories.ActionPlanFactory(measure=w.kz_measure)
    w.kz_activity = factories.ActivityFactory(action_plan=w.kz_plan, host_country=kazakhstan)

    def report(country, measure, status, start):
        extra = {"feedback": "Please add figures."} if status == ReportStatus.RETURNED else {}
        return factories.ImplementationReportFactory(
            measure=measure, country=country, status=status, period_start=start, **extra
        )

    w.kz_draft = report(kazakhstan, w.kz_measure, ReportStatus.DRAFT, datetime.date(2021, 1, 1))
    w.kz_submitted = report(kazakhstan, w.kz_measure, ReportStatus.SUBMITTED, datetime.date(2020, 1, 1))
    w.kz_accepted = report(kazakhstan, w.kz_measure, ReportStatus.ACCEPTED, datetime.date(2020, 7, 1))
    w.kz_returned = report(kazakhstan, w.kz_measure, ReportStatus.RETURNED, datetime.date(2019, 1, 1))
    w.in_draft = report(india, w.in_measure, ReportStatus.DRAFT, datetime.date(2021, 1, 1))
    w.in_accepted = report(india, w.in_measure, ReportStatus.ACCEPTED, datetime.date(2020, 1, 1))

    w.swg = factories.MeetingBodyFactory(code="SWG", name="Special Working Group", level=1)
    w.cso = factories.MeetingBodyFactory(code="CSO", name="Committee of Senior Officials", level=2)
    w.meeting = factories.MeetingFactory(body=w.swg, host_country=kazakhstan)
    w.cso_meeting = factories.MeetingFactory(
        body=w.cso, start_on=datetime.date(2021, 10, 1), end_on=datetime.date(2021, 10, 2), host_country=kazakhstan
    )
    w.agenda_item = factories.AgendaItemFactory(meeting=w.meeting)
    w.public_doc = factories.DocumentFactory(meeting=w.meeting, distribution=Distribution.PUBLIC)
    w.members_doc = factories.DocumentFactory(meeting=w.meeting, distribution=Distribution.MEMBER_STATES)
    w.restricted_doc = factories.DocumentFactory(meeting=w.meeting, distribution=Distribution.RESTRICTED)
    for document in (w.public_doc, w.members_doc, w.restricted_doc):
        factories.DocumentLanguageVersionFactory(document=document, language="en")
    w.kz_decision = factories.DecisionFactory(
        meeting=w.meeting, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=kazakhstan
    )
    w.referred_decision = factories.DecisionFactory(meeting=w.cso_meeting, referred_from=w.kz_decision)

    w.partner = factories.PartnerOrganizationFactory(acronym="UNODC", name="UN Office on Drugs and Crime")
    w.agreement = factories.AgreementFactory(partner=w.partner)
    w.joint_activity = factories.JointActivityFactory(agreement=w.agreement)

    w.chairs = [
        factories.ChairmanshipFactory(country=c, start_on=datetime.date(2010 + 4 * i, 1, 1), end_on=end)
        for i, (c, end) in enumerate(
            [
                (factories.CountryFactory(iso2="TR", name="Türkiye"), datetime.date(2014, 1, 1)),
                (factories.CountryFactory(iso2="CN", name="China"), datetime.date(2018, 1, 1)),
                (kazakhstan, None),
            ]
        )
    ]
    w.priority = factories.PriorityFactory(chairmanship=w.chairs[-1])
    w.sdg = factories.SustainableDevelopmentGoalFactory(number=16)
    w.initiative = factories.InitiativeFactory(priority=w.priority, owner_country=kazakhstan)
    w.initiative.sdgs.add(w.sdg)
    w.instrument = factories.LegalInstrumentFactory()
    return w
