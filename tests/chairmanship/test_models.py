import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from chairmanship.models import Chairmanship, Country, Initiative
from core.models import DatePrecision
from tests.factories import (
    AmendmentFactory,
    ChairmanshipFactory,
    CountryFactory,
    InitiativeFactory,
    ObserverStateFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def chair_sequence():
    tajikistan = CountryFactory(iso2="TJ", name="Tajikistan")
    kazakhstan = CountryFactory(iso2="KZ", name="Kazakhstan")
    azerbaijan = CountryFactory(iso2="AZ", name="Azerbaijan")
    return [
        ChairmanshipFactory(country=tajikistan, start_on=D(2018, 9, 24), end_on=D(2020, 9, 24)),
        ChairmanshipFactory(country=kazakhstan, start_on=D(2020, 9, 24), end_on=D(2024, 12, 17)),
        ChairmanshipFactory(country=azerbaijan, start_on=D(2024, 12, 17), end_on=None),
    ]


class TestTroika:
    def test_is_derived_from_the_sequence_of_terms(self, chair_sequence):
        tajik, kazakh, azeri = chair_sequence
        troika = kazakh.troika
        assert (troika["previous"], troika["current"], troika["next"]) == (tajik, kazakh, azeri)

    def test_first_and_last_terms_have_no_previous_or_next(self, chair_sequence):
        assert chair_sequence[0].troika["previous"] is None
        assert chair_sequence[-1].troika["next"] is None

    def test_current_chair_on_a_day(self, chair_sequence):
        assert Chairmanship.objects.on(D(2021, 6, 1)).get() == chair_sequence[1]
        assert Chairmanship.objects.on(D(2024, 12, 17)).get() == chair_sequence[2]


class TestChairmanshipValidation:
    def test_end_before_start_is_refused_with_a_field_error(self):
        with pytest.raises(ValidationError) as err:
            ChairmanshipFactory(start_on=D(2020, 1, 1), end_on=D(2019, 1, 1))
        assert "end_on" in err.value.message_dict
        assert Chairmanship.objects.count() == 0

    def test_overlapping_terms_are_refused(self, chair_sequence):
        with pytest.raises(ValidationError) as err:
            ChairmanshipFactory(start_on=D(2021, 1, 1), end_on=D(2022, 1, 1))
        assert "overlaps" in str(err.value)

    def test_database_refuses_end_before_start_even_without_validation(self, chair_sequence):
        with pytest.raises(IntegrityError), transaction.atomic():
            Chairmanship.objects.filter(pk=chair_sequence[0].pk).update(end_on=D(2000, 1, 1))


class TestCountry:
    def test_membership_on_a_day_counts_only_states_that_had_joined(self):
        CountryFactory(iso2="KZ", joined_on=D(1999, 1, 1), joined_precision=DatePrecision.YEAR)
        CountryFactory(iso2="KW", joined_on=D(2022, 10, 13))
        ObserverStateFactory(iso2="JP")
        assert Country.objects.members_on(D(2021, 6, 1)).count() == 1
        assert Country.objects.members_on(D(2022, 11, 1)).count() == 2

    def test_partial_join_dates_are_shown_only_as_precisely_as_known(self):
        year = CountryFactory(joined_on=D(1999, 1, 1), joined_precision=DatePrecision.YEAR)
        month = CountryFactory(joined_on=D(2010, 12, 1), joined_precision=DatePrecision.MONTH)
        day = CountryFactory(joined_on=D(2022, 10, 13))
        assert (year.joined_display, month.joined_display, day.joined_display) == (
            "1999",
            "December 2010",
            "13 Oct 2022",
        )
        with translation.override("ru"):
            assert (month.joined_display, day.joined_display) == ("Декабрь 2010 г.", "13 окт. 2022 г.")

    @pytest.mark.parametrize("code", ["kz", "KAZ", "K1"])
    def test_iso_code_must_be_two_capital_letters(self, code):
        with pytest.raises(ValidationError) as err:
            CountryFactory(iso2=code)
        assert "iso2" in err.value.message_dict

    def test_iso_code_is_unique(self):
        CountryFactory(iso2="KZ", name="Kazakhstan")
        with pytest.raises(IntegrityError), transaction.atomic():
            Country.objects.create(iso2="KZ", name="Another", cica_status="member", subregion="central_asia")

    def test_localized_name_follows_the_active_language(self, settings):
        from django.utils import translation

        country = CountryFactory(name="Kazakhstan", name_ru="Казахстан")
        with translation.override("ru"):
            assert country.localized_name == "Казахстан"
        with translation.override("en"):
            assert country.localized_name == "Kazakhstan"


class TestInitiative:
    def test_progress_cannot_exceed_100(self):
        with pytest.raises(ValidationError) as err:
            InitiativeFactory(progress=120)
        assert "progress" in err.value.message_dict

    def test_database_refuses_progress_over_100(self):
        initiative = InitiativeFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Initiative.objects.filter(pk=initiative.pk).update(progress=101)

    def test_title_is_unique_within_a_priority(self):
        priority = PriorityFactory()
        InitiativeFactory(priority=priority, title="CICA Support Fund")
        with pytest.raises(IntegrityError), transaction.atomic():
            Initiative.objects.bulk_create([Initiative(priority=priority, title="CICA Support Fund")])


class TestAmendment:
    def test_only_a_member_state_proposes(self):
        with pytest.raises(ValidationError) as err:
            AmendmentFactory(proposed_by=ObserverStateFactory())
        assert "proposed_by" in err.value.message_dict

    def test_decision_cannot_precede_proposal(self):
        with pytest.raises(ValidationError) as err:
            AmendmentFactory(proposed_on=D(2021, 5, 1), decided_on=D(2021, 4, 1))
        assert "decided_on" in err.value.message_dict


def test_changes_are_kept_in_history():
    country = CountryFactory(name="Turkey")
    country.name = "Türkiye"
    country.save()
    assert [h.name for h in country.history.order_by("history_date")] == ["Turkey", "Türkiye"]


def test_a_term_whose_end_is_known_only_to_the_year_runs_through_that_year():
    azerbaijan = CountryFactory(iso2="AZ", name="Azerbaijan")
    term = ChairmanshipFactory(
        country=azerbaijan, start_on=D(2024, 12, 17), end_on=D(2026, 1, 1), end_precision=DatePrecision.YEAR
    )
    assert list(Chairmanship.objects.on(D(2026, 11, 27))) == [term]
    assert list(Chairmanship.objects.on(D(2027, 1, 1))) == []
    assert term.period_display == "17 Dec 2024 – 2026"


def test_the_troika_annotations_agree_with_the_model(chair_sequence):
    tajik, kazakh, azeri = chair_sequence
    row = Chairmanship.objects.with_troika().get(pk=kazakh.pk)
    assert (row.previous_id, row.previous_country, row.next_id, row.next_country) == (tajik.pk, "TJ", azeri.pk, "AZ")
