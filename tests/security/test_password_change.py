"""A new password ends the other sessions, renews the calendar address and offers to revoke the API tokens."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.tokens import APIToken
from portal.models import CalendarToken
from tests.conftest import sign_in

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a-new-long-passphrase-42"


def feed(token):
    return Client().get(reverse("portal:calendar_feed", args=[token]))


def change_password(client):
    return client.post(
        "/portal/account/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )


def test_a_password_change_ends_other_sessions_and_kills_the_old_calendar_address(kz_coordinator):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD}).status_code == 302
    old = CalendarToken.objects.for_user(kz_coordinator).token
    assert feed(old).status_code == 200

    response = change_password(here)
    assert (response.status_code, response["Location"]) == (302, "/portal/account/")

    assert here.get("/portal/").status_code == 200  # this session goes on
    assert elsewhere.get("/portal/")["Location"].startswith("/portal/login/")  # the other one has ended
    assert feed(old).status_code == 404
    new = CalendarToken.objects.get(user=kz_coordinator).token
    assert new != old and feed(new).status_code == 200


def test_after_the_change_the_page_lists_the_tokens_and_revokes_them(kz_coordinator, officer):
    script, _key = APIToken.objects.issue(user=kz_coordinator, name="Reporting script")
    other, _key = APIToken.objects.issue(user=officer, name="Not theirs")
    client = Client()
    client.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD})
    page = client.get(change_password(client)["Location"]).content.decode()
    assert "Reporting script" in page and script.prefix in page and "Not theirs" not in page
    assert "Your password was changed" in page

    client.post("/portal/account/tokens/revoke/", {"token": [str(script.pk), str(other.pk)]})
    script.refresh_from_db()
    other.refresh_from_db()
    assert script.revoked and not other.revoked  # only one's own tokens


def test_revoke_all_revokes_every_token_of_the_user(kz_coordinator):
    tokens = [APIToken.objects.issue(user=kz_coordinator, name=f"t{n}")[0] for n in range(3)]
    sign_in(Client(), kz_coordinator).post("/portal/account/tokens/revoke/", {"all": "1"})
    assert all(APIToken.objects.get(pk=token.pk).revoked for token in tokens)


def test_a_wrong_old_password_changes_nothing(kz_coordinator):
    client = sign_in(Client(), kz_coordinator)
    old = CalendarToken.objects.for_user(kz_coordinator).token
    response = client.post(
        "/portal/account/password/", {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert CalendarToken.objects.get(user=kz_coordinator).token == old
    kz_coordinator.refresh_from_db()
    assert kz_coordinator.check_password(PASSWORD)


@pytest.mark.django_db(transaction=True)  # the reset email is queued on commit
def test_a_password_reset_also_ends_sessions_and_renews_the_calendar_address(kz_coordinator, tasks_in_process):
    cache.clear()
    session = Client()
    session.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD})
    old = CalendarToken.objects.for_user(kz_coordinator).token

    Client().post("/portal/password-reset/", {"email": kz_coordinator.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line).strip()
    resetter = Client()
    form = resetter.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    done = resetter.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "review the API tokens you own" in done.content.decode()

    assert session.get("/portal/")["Location"].startswith("/portal/login/")
    assert feed(old).status_code == 404


def test_staff_changing_a_password_in_the_admin_renews_that_users_calendar_address(client, officer, kz_coordinator):
    old = CalendarToken.objects.for_user(kz_coordinator).token
    sign_in(client, officer).post(
        f"/admin/accounts/user/{kz_coordinator.pk}/password/", {"password1": NEW, "password2": NEW}
    )
    kz_coordinator.refresh_from_db()
    assert kz_coordinator.check_password(NEW)
    assert feed(old).status_code == 404


def test_the_security_page_needs_a_signed_in_user():
    response = Client().get("/portal/account/")
    assert response.status_code == 302 and response["Location"].startswith("/portal/login/")
