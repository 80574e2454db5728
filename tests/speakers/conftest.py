"""A meeting with a list of speakers: Kazakhstan and India are accredited to it, China is invited but its delegation
is not accredited; each state has a national focal point."""

import datetime
from types import SimpleNamespace

import pytest

from core.workflows import importing
from participation.models import Delegation
from tests import factories


@pytest.fixture
def speakers_world(kazakhstan, india, kz_focal_point, in_focal_point):
    china = factories.CountryFactory(iso2="CN", name="China", name_ru="Китай")
    meeting = factories.MeetingFactory(
        body=factories.MeetingBodyFactory(code="CSO", name="Committee of Senior Officials", level=2),
        start_on=datetime.date(2026, 10, 1),
        end_on=datetime.date(2026, 10, 2),
    )
    item = factories.AgendaItemFactory(meeting=meeting, number=3, title="Security in Asia", title_ru="Безопасность")
    speakers_list = factories.SpeakersListFactory(agenda_item=item)
    factories.accredited_delegation(meeting, kazakhstan)
    factories.accredited_delegation(meeting, india)
    with importing():
        Delegation.objects.create(meeting=meeting, country=china, status="submitted")
    cn_focal_point = factories.FocalPointFactory(username="fp-cn", country=china)
    return SimpleNamespace(
        meeting=meeting,
        item=item,
        list=speakers_list,
        kz=kazakhstan,
        india=india,
        china=china,
        kz_fp=kz_focal_point,
        in_fp=in_focal_point,
        cn_fp=cn_focal_point,
    )


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
