import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.webhooks.conftest import receiver, subscribe  # noqa: F401 - the webhook receiver, for the events


def pdf_upload(name="credentials.pdf", text="Letter of credentials"):
    return SimpleUploadedFile(name, factories._pdf_bytes(text), content_type="application/pdf")


def in_days(n):
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=n)


@pytest.fixture
def swg(db):
    return factories.MeetingBodyFactory(code="SWG", name="Special Working Group", name_ru="Специальная рабочая группа")


@pytest.fixture
def open_meeting(swg, kazakhstan, india):
    """SWG 3 of 2026, nominations open for ten more days, three seats per delegation."""
    meeting = factories.MeetingFactory(
        body=swg, number=3, start_on=datetime.date(2026, 12, 20), end_on=datetime.date(2026, 12, 21)
    )
    factories.RegistrationFactory(meeting=meeting, deadline=in_days(10), seats=3)
    return meeting


@pytest.fixture
def closed_meeting(swg, kazakhstan):
    meeting = factories.MeetingFactory(
        body=swg, number=4, start_on=datetime.date(2026, 12, 22), end_on=datetime.date(2026, 12, 23)
    )
    factories.RegistrationFactory(meeting=meeting, deadline=in_days(-1))
    return meeting


@pytest.fixture
def kz_draft(open_meeting, kazakhstan):
    """Kazakhstan's draft delegation: a head and a member, credentials attached."""
    delegation = factories.DelegationFactory(meeting=open_meeting, country=kazakhstan)
    factories.ParticipantFactory(delegation=delegation, name="Askar Nurlanov", is_head=True, email="askar@gov.kz")
    factories.ParticipantFactory(delegation=delegation, name="Dana Sultanova", email="dana@gov.kz")
    return delegation
