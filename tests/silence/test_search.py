"""Texts under silence are found by search, in both languages, by the states they concern (and staff) only."""

import pytest

from search.models import SearchEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_text_under_silence_is_found_by_the_states_it_concerns(kazakhstan, kz_focal_point, officer):
    decision = factories.DecisionFactory(title="Rules of the CICA Fund", title_ru="Правила Фонда СВМДА")
    procedure = factories.SilenceProcedureFactory(body=decision.meeting.body, decision=decision, states=[kazakhstan])
    stranger = factories.FocalPointFactory(country=factories.CountryFactory(iso2="CN"))
    entries = SearchEntry.objects.filter(kind="silence", object_id=procedure.pk)
    assert sorted(entries.values_list("language", flat=True)) == ["en", "ru"]
    assert "Правила Фонда СВМДА" in entries.get(language="ru").title
    assert entries.visible_to(kz_focal_point).count() == 2
    assert entries.visible_to(officer).count() == 2
    assert entries.visible_to(stranger).count() == 0
