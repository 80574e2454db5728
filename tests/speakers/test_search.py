"""Issue 21, 3: statements are found by the portal's search, by whoever may read them: a published statement by
every reader, a submitted one by its own state's focal points and staff only."""

import pytest
from django.urls import reverse

from speakers.workflows import STATEMENT_WORKFLOW
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def found(user, words):
    response = signed_in(user).get(reverse("search:search"), {"q": words})
    assert response.status_code == 200
    return response.content.decode()


def test_a_statement_is_found_once_published(speakers_world, officer, in_coordinator):
    w = speakers_world
    statement = factories.StatementFactory(speakers_list=w.list, country=w.kz, title="Connectivity across Eurasia")
    link = reverse("speakers:list_detail", args=[w.list.pk])
    assert link in found(w.kz_fp, "Eurasia")  # its own state
    assert link in found(officer, "Eurasia")
    assert link not in found(in_coordinator, "Eurasia")  # not published yet

    STATEMENT_WORKFLOW.take(statement, officer, "publish")
    assert link in found(in_coordinator, "Eurasia")
