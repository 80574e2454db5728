"""A focal point changes who speaks for its state, or withdraws the state from a list of speakers, while the list is
open and the state has not been called; after that the inscription is the meeting's record and stays. Portal and API
give the same answers; another state's inscription is never the focal point's to change."""

import pytest
from django.urls import reverse

from speakers.models import Inscription
from tests import factories
from tests.conftest import signed_in, token_client

pytestmark = pytest.mark.django_db


def list_page(client, w):
    return client.get(reverse("speakers:list_detail", args=[w.list.pk])).content.decode()


@pytest.fixture
def inscribed(speakers_world):
    """Kazakhstan inscribed second, after India."""
    w = speakers_world
    w.india_inscription = factories.InscriptionFactory(speakers_list=w.list, country=w.india)
    w.mine = factories.InscriptionFactory(speakers_list=w.list, country=w.kz, rank="delegate")
    return w


def test_a_focal_point_withdraws_its_state_and_may_inscribe_again_at_the_end(inscribed):
    w = inscribed
    client = signed_in(w.kz_fp)
    assert "Withdraw the inscription" in list_page(client, w)

    response = client.post(reverse("speakers:withdraw", args=[w.mine.pk]), follow=True)

    assert response.status_code == 200
    text = response.content.decode()
    assert "The inscription was withdrawn" in text
    assert not Inscription.objects.filter(country=w.kz).exists()
    assert "Inscribe on the list" in text  # the state may ask for the floor again, at the end of the list
    client.post(reverse("speakers:inscribe", args=[w.list.pk]), {"rank": "minister"})
    assert w.list.place_of(w.kz) == 2


def test_a_focal_point_changes_who_speaks_but_not_the_place(inscribed):
    w = inscribed
    client = signed_in(w.kz_fp)
    url = reverse("speakers:inscription_edit", args=[w.mine.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"speaker": "H.E. the Minister", "rank": "minister", "seen_version": 1})

    assert response.status_code == 302
    w.mine.refresh_from_db()
    assert (w.mine.speaker, w.mine.rank, w.list.place_of(w.kz)) == ("H.E. the Minister", "minister", 2)


@pytest.mark.parametrize("after", ["list closed", "state called"])
def test_once_the_list_is_closed_or_the_state_called_the_inscription_stays(inscribed, after):
    w = inscribed
    if after == "list closed":
        w.list.status = "closed"
        type(w.list).objects.filter(pk=w.list.pk).update(status="closed")
    else:
        Inscription.objects.filter(pk=w.mine.pk).update(status="spoke")
    client = signed_in(w.kz_fp)
    assert "Withdraw the inscription" not in list_page(client, w)

    response = client.post(reverse("speakers:withdraw", args=[w.mine.pk]), follow=True)

    assert "The inscription can no longer be withdrawn" in response.content.decode()
    assert Inscription.objects.filter(pk=w.mine.pk).exists()
    edit = client.post(reverse("speakers:inscription_edit", args=[w.mine.pk]), {"rank": "minister", "seen_version": 1})
    assert edit.status_code == 409  # shown again with why nothing was saved
    w.mine.refresh_from_db()
    assert w.mine.rank == "delegate"


def test_another_states_inscription_is_refused_at_every_door(inscribed, kz_coordinator):
    w = inscribed
    for user in (w.kz_fp, kz_coordinator):
        client = signed_in(user)
        assert client.post(reverse("speakers:withdraw", args=[w.india_inscription.pk])).status_code == 403
        edit = client.post(reverse("speakers:inscription_edit", args=[w.india_inscription.pk]), {"rank": "minister"})
        assert edit.status_code == 403
    api = token_client(w.kz_fp)
    detail = reverse("api:inscription-detail", args=[w.india_inscription.pk])
    assert api.delete(detail).status_code == 403
    assert api.patch(detail, {"rank": "minister"}, format="json").status_code == 403
    w.india_inscription.refresh_from_db()
    assert w.india_inscription.rank == "head_of_delegation"


def test_through_the_api_the_same_rule(inscribed):
    w = inscribed
    api = token_client(w.kz_fp)
    detail = reverse("api:inscription-detail", args=[w.mine.pk])

    moved = api.patch(detail, {"rank": "minister", "position": 1}, format="json")
    assert moved.status_code == 400 and "position" in moved.json()["errors"]  # the place is staff's to set
    w.mine.refresh_from_db()
    assert (w.mine.rank, w.list.place_of(w.kz)) == ("delegate", 2)

    changed = api.patch(detail, {"rank": "minister"}, format="json")

    assert changed.status_code == 200, changed.content
    w.mine.refresh_from_db()
    assert (w.mine.rank, w.list.place_of(w.kz)) == ("minister", 2)
    type(w.list).objects.filter(pk=w.list.pk).update(status="closed")
    assert api.delete(detail).status_code == 403
    type(w.list).objects.filter(pk=w.list.pk).update(status="open")
    assert api.delete(detail).status_code == 204
    assert not Inscription.objects.filter(pk=w.mine.pk).exists()
