"""States inscribing at the same moment, and staff closing the list meanwhile (PostgreSQL, real transactions in
threads): every inscription gets its own place, a state is inscribed once however often it presses the button, and
nothing is inscribed on a list once it is closed."""

import pytest
from django.db import connection

from speakers.models import Inscription
from tests import factories
from tests.conftest import service_missing
from tests.workflows.test_concurrency import at_once, client_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed: row locks are what is tested")


def inscribe(user, speakers_list):
    return lambda: (
        client_for(user).post("/api/v1/inscriptions/", {"speakers_list": speakers_list.pk}, format="json").status_code
    )


def test_six_states_inscribing_at_once_get_six_places(kazakhstan):
    speakers_list = factories.SpeakersListFactory()
    meeting = speakers_list.agenda_item.meeting
    users = []
    for country in [kazakhstan, *(factories.CountryFactory() for _ in range(5))]:
        factories.accredited_delegation(meeting, country)
        users.append(factories.FocalPointFactory(country=country))
    assert at_once([inscribe(user, speakers_list) for user in users]) == [201] * 6
    assert sorted(speakers_list.inscriptions.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_one_state_pressing_four_times_is_inscribed_once(kz_focal_point, kazakhstan):
    speakers_list = factories.SpeakersListFactory()
    factories.accredited_delegation(speakers_list.agenda_item.meeting, kazakhstan)
    answers = at_once([inscribe(kz_focal_point, speakers_list) for _ in range(4)])
    assert sorted(answers) == [201, 400, 400, 400]
    assert Inscription.objects.filter(speakers_list=speakers_list).count() == 1


def test_closing_while_states_inscribe_leaves_none_inscribed_after_the_close(officer, kazakhstan):
    speakers_list = factories.SpeakersListFactory()
    meeting = speakers_list.agenda_item.meeting
    users = []
    for country in [kazakhstan, *(factories.CountryFactory() for _ in range(3))]:
        factories.accredited_delegation(meeting, country)
        users.append(factories.FocalPointFactory(country=country))

    def close():
        url = f"/api/v1/speakers-lists/{speakers_list.pk}/transitions/"
        return client_for(officer).post(url, {"transition": "close"}, format="json").status_code

    answers = at_once([close, *(inscribe(user, speakers_list) for user in users)])
    assert answers[0] == 200
    inscribed = speakers_list.inscriptions.count()
    assert answers[1:].count(201) == inscribed and answers[1:].count(400) == len(users) - inscribed
    closed_at = speakers_list.history.filter(status="closed").earliest("history_date").history_date
    assert not speakers_list.inscriptions.filter(created__gt=closed_at).exists()
