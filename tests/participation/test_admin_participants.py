"""Staff edit a delegation's participants on its admin page as one list: two heads or more rows than seats are
refused on the page with the reason and nothing saved (never a server error), and the head may be handed from one
participant to another in one save."""

import pytest
from django.urls import reverse

from participation.models import Participant
from tests import factories

pytestmark = pytest.mark.django_db


def page_data(response, changes=(), new_rows=()):
    """The change page's form as the browser would send it back: the delegation's fields, each participant row as
    shown (with `changes` {row index: {field: value}}), then `new_rows`."""
    admin_form = response.context["adminform"].form
    data = {name: admin_form[name].value() or "" for name in admin_form.fields if name != "credentials"}
    data["seen_version"] = admin_form.instance.lock_version
    formset = response.context["inline_admin_formsets"][0].formset
    prefix = formset.prefix
    rows = []
    for i, form in enumerate(formset.forms):
        row = {name: form[name].value() for name in form.fields if name != "DELETE"}
        row.update(dict(changes).get(i, {}))
        rows.append(row)
    rows += list(new_rows)
    for i, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                data[f"{prefix}-{i}-{name}"] = "on"
            elif value not in (None, False):
                data[f"{prefix}-{i}-{name}"] = value.pk if hasattr(value, "pk") else value
        data[f"{prefix}-{i}-delegation"] = admin_form.instance.pk
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(formset.forms)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    return data


@pytest.fixture
def delegation(open_meeting, kazakhstan):
    """Kazakhstan's delegation to a meeting of three seats: a head and one member."""
    delegation = factories.AccreditedDelegationFactory(meeting=open_meeting, country=kazakhstan)
    factories.ParticipantFactory(delegation=delegation, name="Askar Nurlanov", is_head=True, position=1)
    factories.ParticipantFactory(delegation=delegation, name="Dana Sultanova", position=2)
    return delegation


def change(staff_client, delegation, changes=(), new_rows=()):
    url = reverse("admin:participation_delegation_change", args=[delegation.pk])
    return staff_client.post(url, page_data(staff_client.get(url), changes, new_rows))


def heads(delegation):
    return list(delegation.participants.filter(is_head=True).values_list("name", flat=True))


def test_two_new_heads_are_refused_on_the_page(staff_client, delegation):
    Participant.objects.filter(delegation=delegation).update(is_head=False)
    new = [{"name": "First", "is_head": True, "position": 3}, {"name": "Second", "is_head": True, "position": 4}]

    answer = change(staff_client, delegation, new_rows=new)

    assert answer.status_code == 200
    assert "A delegation has one head of delegation." in answer.content.decode()
    assert delegation.participants.count() == 2 and heads(delegation) == []


def test_more_rows_than_seats_are_refused_on_the_page(staff_client, delegation):
    new = [{"name": f"Adviser {n}", "position": 10 + n} for n in range(2)]  # 4 on a delegation of 3 seats

    answer = change(staff_client, delegation, new_rows=new)

    assert answer.status_code == 200
    assert "A delegation has at most 3 seats; this one is full." in answer.content.decode()
    assert delegation.participants.count() == 2


def test_the_head_is_handed_over_in_one_save(staff_client, delegation):
    answer = change(staff_client, delegation, changes={0: {"is_head": False}, 1: {"is_head": True}})

    assert answer.status_code == 302, answer.context["inline_admin_formsets"][0].formset.errors
    assert heads(delegation) == ["Dana Sultanova"]


def test_a_head_handed_to_a_new_participant_in_one_save(staff_client, delegation):
    answer = change(
        staff_client,
        delegation,
        changes={0: {"is_head": False}},
        new_rows=[{"name": "Erlan Bekov", "is_head": True, "position": 3}],
    )

    assert answer.status_code == 302, (
        answer.context["adminform"].form.errors,
        answer.context["inline_admin_formsets"][0].formset.errors,
        answer.context["inline_admin_formsets"][0].formset.non_form_errors(),
    )
    assert heads(delegation) == ["Erlan Bekov"]
