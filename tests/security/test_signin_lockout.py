"""Brute force on any sign-in form stops within 10 tries per user, and staff can lift the lock (django-axes)."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tests.conftest import sign_in

from .conftest import PASSWORD, app_code, enrolled_app

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def fail(client, url, username, times, **extra):
    return [client.post(url, {"username": username, "password": WRONG}, **extra).status_code for _ in range(times)]


@pytest.mark.parametrize("url", ["/portal/login/", "/admin/login/"])
def test_ten_wrong_passwords_lock_the_account_even_against_the_right_one(url, kz_coordinator, officer):
    user = officer if url.startswith("/admin") else kz_coordinator
    client = Client()
    statuses = fail(client, url, user.username, 10)
    assert statuses[:9] == [200] * 9  # the form again, with its error
    assert statuses[9] == 429  # the tenth failure locks

    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_follows_the_username_from_any_address(kz_coordinator):
    for address in ("203.0.113.1", "203.0.113.2"):
        fail(Client(REMOTE_ADDR=address), "/portal/login/", "coord-kz", 5)
    response = Client(REMOTE_ADDR="198.51.100.7").post("/portal/login/", {"username": "coord-kz", "password": PASSWORD})
    assert response.status_code == 429


def test_one_address_trying_many_usernames_is_locked_out_too(kz_coordinator):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(10):
        client.post("/portal/login/", {"username": f"guess{n}", "password": WRONG})
    response = client.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD})
    assert response.status_code == 429
    other = Client(REMOTE_ADDR="198.51.100.7").post("/portal/login/", {"username": "coord-kz", "password": PASSWORD})
    assert other.status_code == 302  # the account itself is not locked: another address signs in


def test_a_few_failures_then_the_right_password_sign_in(kz_coordinator):
    client = Client()
    fail(client, "/portal/login/", "coord-kz", 3)
    assert client.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD}).status_code == 302


def test_failures_are_logged_with_username_and_address(kz_coordinator, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail(Client(REMOTE_ADDR="203.0.113.5"), "/portal/login/", "coord-kz", 1)
    assert "coord-kz" in caplog.text and "203.0.113.5" in caplog.text
    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == ("coord-kz", "203.0.113.5")
    assert WRONG not in AccessAttempt.objects.get().post_data


def test_staff_unlock_a_user_in_the_admin(client, officer, kz_coordinator):
    fail(Client(), "/portal/login/", "coord-kz", 10)
    staff = sign_in(client, officer)
    response = staff.post(
        "/admin/accounts/user/",
        {"action": "unlock_sign_in", "_selected_action": [kz_coordinator.pk]},
        follow=True,
    )
    assert "lockout record" in response.content.decode()
    assert Client().post("/portal/login/", {"username": "coord-kz", "password": PASSWORD}).status_code == 302


def test_the_lockout_list_is_in_the_admin(client, officer, kz_coordinator):
    fail(Client(), "/portal/login/", "coord-kz", 2)
    page = sign_in(client, officer).get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "coord-kz" in page.content.decode()


def test_wrong_second_factor_codes_count_towards_the_same_lock(kz_coordinator):
    device = enrolled_app(kz_coordinator)
    client = Client()
    assert client.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD}).status_code == 302
    statuses = [client.post("/portal/account/two-factor/verify/", {"code": "000000"}).status_code for _ in range(10)]
    assert statuses[:9] == [400] * 9 and statuses[9] == 429
    assert "_auth_user_id" not in client.session  # signed out with the lock
    right = client.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD})
    assert right.status_code == 429
    assert app_code(device)  # the app would have had a valid code all along


def test_the_client_address_behind_the_trusted_proxy_is_the_one_locked(settings, kz_coordinator):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.4").post(
            "/portal/login/", {"username": f"guess{n}", "password": WRONG}
        )
    locked = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.4")
    assert locked.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD}).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert other.post("/portal/login/", {"username": "coord-kz", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db(transaction=True)  # the reset email is queued on commit
def test_fifty_password_reset_requests_send_three_emails(kz_coordinator, tasks_in_process):
    cache.clear()
    client = Client()
    statuses = {client.post("/portal/password-reset/", {"email": kz_coordinator.email}).status_code for _ in range(50)}
    assert statuses == {302}  # the same "sent" answer every time: nothing to learn from it
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)  # the reset email is queued on commit
def test_password_resets_from_one_address_are_limited_across_accounts(kazakhstan, tasks_in_process):
    cache.clear()
    client = Client(REMOTE_ADDR="203.0.113.20")
    from tests import factories

    users = [factories.CoordinatorFactory(country=kazakhstan) for _ in range(12)]
    for user in users:
        client.post("/portal/password-reset/", {"email": user.email})
    assert len(mail.outbox) == 10


@pytest.mark.django_db(transaction=True)  # the reset email is queued on commit
def test_a_reset_password_ends_the_lock_of_that_username(kz_coordinator, tasks_in_process):
    fail(Client(), "/portal/login/", "coord-kz", 10)
    cache.clear()
    Client().post("/portal/password-reset/", {"email": kz_coordinator.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line).strip()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client = Client()
    form = client.get(path, follow=True)
    new = "a-new-long-passphrase-42"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert Client().post("/portal/login/", {"username": "coord-kz", "password": new}).status_code == 302
