"""Issue 21, 4: bad input gets a clear answer and changes nothing, through the portal form and through the API alike.

Each case sets up a situation, then a national focal point tries to inscribe its state or to submit a statement:
the portal answers 400 with the form and the reason, the API 400 with the reason under the field it concerns, and
no inscription, statement or stored file is left behind.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.workflows import importing
from speakers.models import Inscription, Statement
from tests import factories
from tests.conftest import signed_in, token_client

from .conftest import PDF

pytestmark = pytest.mark.django_db


def already_inscribed(w):
    factories.InscriptionFactory(speakers_list=w.list, country=w.kz)
    return w.kz_fp


def not_accredited(w):
    return w.cn_fp


def list_closed(w):
    with importing():
        w.list.status = "closed"
        w.list.save()
    return w.kz_fp


def inscribed_but_did_not_speak(w):
    factories.InscriptionFactory(speakers_list=w.list, country=w.kz)  # still "inscribed": never took the floor
    return w.kz_fp


def never_inscribed(w):
    return w.kz_fp


def spoke(w):
    factories.InscriptionFactory(speakers_list=w.list, country=w.kz, status="spoke")
    return w.kz_fp


def submitted_already(w):
    factories.StatementFactory(speakers_list=w.list, country=w.kz, language="en")
    return w.kz_fp


INSCRIPTIONS = {
    # case: (set-up, the API field the answer is under, words the answer says)
    "duplicate": (already_inscribed, "country", "already inscribed"),
    "not accredited": (not_accredited, "country", "no accredited delegation"),
    "list closed": (list_closed, "speakers_list", "closed"),
}

NOT_A_PDF = b"MZ\x90\x00\x03 an executable renamed"
STATEMENTS = {
    # case: (set-up, file name, file content, the API field, words the answer says)
    "did not speak": (inscribed_but_did_not_speak, "statement.pdf", PDF, "speakers_list", "did not speak"),
    "not on the list": (never_inscribed, "statement.pdf", PDF, "speakers_list", "did not speak"),
    "not a PDF inside": (spoke, "statement.pdf", NOT_A_PDF, "file", "does not look like a .pdf file"),
    "a type not accepted": (spoke, "statement.exe", NOT_A_PDF, "file", "this type of file is not accepted"),
    "a second one in the language": (submitted_already, "statement.pdf", PDF, "language", "already has a statement"),
}


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def counts():
    return Inscription.objects.count(), Statement.objects.count(), Inscription.history.count()


@pytest.mark.parametrize("case", INSCRIPTIONS)
def test_a_refused_inscription_through_the_portal(speakers_world, case):
    set_up, _field, words = INSCRIPTIONS[case]
    user = set_up(speakers_world)
    before = counts()
    response = signed_in(user).post(
        reverse("speakers:inscribe", args=[speakers_world.list.pk]),
        {"speaker": "H.E. the Minister", "rank": "minister"},
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("case", INSCRIPTIONS)
def test_a_refused_inscription_through_the_api(speakers_world, case):
    set_up, field, words = INSCRIPTIONS[case]
    user = set_up(speakers_world)
    before = counts()
    response = token_client(user).post(
        "/api/v1/inscriptions/", {"speakers_list": speakers_world.list.pk, "rank": "minister"}, format="json"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert words in " ".join(body["errors"][field])
    assert counts() == before


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("case", STATEMENTS)
def test_a_refused_statement_through_the_portal(speakers_world, case):
    set_up, name, content, _field, words = STATEMENTS[case]
    user = set_up(speakers_world)
    before, files = counts(), stored_files()
    response = signed_in(user).post(
        reverse("speakers:statement_create", args=[speakers_world.list.pk]),
        {"language": "en", "title": "Statement of the delegation", "file": upload(name, content)},
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert counts() == before
    assert stored_files() == files


@pytest.mark.parametrize("case", STATEMENTS)
def test_a_refused_statement_through_the_api(speakers_world, case):
    set_up, name, content, field, words = STATEMENTS[case]
    user = set_up(speakers_world)
    before, files = counts(), stored_files()
    response = token_client(user).post(
        "/api/v1/statements/",
        {"speakers_list": speakers_world.list.pk, "language": "en", "file": upload(name, content)},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert words in " ".join(body["errors"][field])
    assert counts() == before
    assert stored_files() == files


def test_the_same_requests_succeed_when_nothing_is_wrong(speakers_world):
    """The control: Kazakhstan, accredited, inscribes on the open list; after speaking, it submits a real PDF."""
    w = speakers_world
    response = token_client(w.kz_fp).post(
        "/api/v1/inscriptions/", {"speakers_list": w.list.pk, "rank": "minister"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["country"] == "KZ"
    inscription = Inscription.objects.get(speakers_list=w.list, country=w.kz)
    assert inscription.inscribed_by == w.kz_fp
    Inscription.objects.filter(pk=inscription.pk).update(status="spoke")
    response = token_client(w.kz_fp).post(
        "/api/v1/statements/",
        {"speakers_list": w.list.pk, "language": "kk", "file": upload("statement.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    statement = Statement.objects.get(speakers_list=w.list, country=w.kz)
    assert (statement.language, statement.status, statement.submitted_by) == ("kk", "submitted", w.kz_fp)


def test_a_list_closed_after_the_form_was_shown_refuses_the_inscription(speakers_world, officer):
    """The page offered the form; staff closed the list before it was sent: the list is read as it is now."""
    from speakers.workflows import LIST_WORKFLOW

    w = speakers_world
    client = signed_in(w.kz_fp)
    assert "Inscribe on the list" in client.get(reverse("speakers:list_detail", args=[w.list.pk])).content.decode()
    LIST_WORKFLOW.take(w.list, officer, "close")
    response = client.post(reverse("speakers:inscribe", args=[w.list.pk]), {"rank": "minister"})
    assert response.status_code == 400
    assert not Inscription.objects.exists()


def test_places_follow_the_order_of_inscription(speakers_world):
    w = speakers_world
    for user in (w.in_fp, w.kz_fp):
        response = token_client(user).post("/api/v1/inscriptions/", {"speakers_list": w.list.pk}, format="json")
        assert response.status_code == 201
    assert [(i.country.iso2, i.position) for i in w.list.speakers()] == [("IN", 1), ("KZ", 2)]
