"""Lockouts stop the attacker, not the colleagues behind the same address (issue: ministries sit behind one NAT).

An account is locked after 10 failures; an address is never locked for everyone: an address that has failed on 10
different accounts is refused only for accounts that never signed in from it.
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests import factories
from tests.conftest import sign_in

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"
NAT = "203.0.113.50"


def sign_in_as(username, password, address=NAT):
    return Client(REMOTE_ADDR=address).post("/portal/login/", {"username": username, "password": password})


@pytest.fixture
def colleague(kazakhstan):
    return factories.CoordinatorFactory(username="coord-tr", country=factories.CountryFactory(iso2="TR"))


def test_fifty_bad_passwords_for_one_account_leave_another_accounts_sign_in_from_that_address(
    kz_coordinator, colleague
):
    statuses = [sign_in_as("coord-kz", WRONG).status_code for _ in range(50)]
    assert statuses[:9] == [200] * 9 and set(statuses[9:]) == {429}  # the attacked account is stopped at 10
    assert sign_in_as("coord-kz", PASSWORD).status_code == 429  # and stays locked, right password or not
    assert sign_in_as("coord-tr", PASSWORD).status_code == 302  # the colleague behind the same address signs in


def test_guessing_accounts_from_one_address_is_stopped_within_ten_tries(kz_coordinator, colleague):
    statuses = [sign_in_as(f"guess{n}", WRONG).status_code for n in range(10)]
    assert statuses == [200] * 10
    # The eleventh account guessed from that address is refused, even with its right password...
    assert sign_in_as("coord-kz", PASSWORD).status_code == 429
    # ...and from another address the account signs in.
    assert sign_in_as("coord-kz", PASSWORD, address="198.51.100.7").status_code == 302


def test_a_colleague_known_at_the_address_still_signs_in_while_it_is_guessing(kz_coordinator, colleague):
    assert sign_in_as("coord-tr", PASSWORD).status_code == 302  # has worked from the ministry's address before
    for n in range(12):
        sign_in_as(f"guess{n}", WRONG)
    assert sign_in_as("guess-new", WRONG).status_code == 429
    assert sign_in_as("coord-kz", PASSWORD).status_code == 429  # never signed in from there
    assert sign_in_as("coord-tr", PASSWORD).status_code == 302
    assert sign_in_as("coord-tr", WRONG).status_code == 200  # still under its own account's lock


def test_refused_guesses_are_not_recorded_as_failures_of_the_accounts_they_name(kz_coordinator):
    for n in range(10):
        sign_in_as(f"guess{n}", WRONG)
    for _ in range(15):
        sign_in_as("coord-kz", WRONG)  # refused at the address: the password is never checked
    assert not AccessAttempt.objects.filter(username="coord-kz").exists()
    assert sign_in_as("coord-kz", PASSWORD, address="198.51.100.7").status_code == 302


def test_staff_see_the_lockouts_and_lift_them_in_the_admin(client, officer, kz_coordinator):
    for n in range(10):
        sign_in_as(f"guess{n}", WRONG)
    for _ in range(10):
        sign_in_as("coord-kz", WRONG, address="198.51.100.9")
    staff = sign_in(client, officer)
    page = staff.get("/admin/axes/accessattempt/").content.decode()
    assert "coord-kz" in page and NAT in page
    assert "guessing accounts" in page  # the address guard is shown on its rows
    rows = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = staff.post(
        "/admin/axes/accessattempt/", {"action": "lift_lockouts", "_selected_action": rows}, follow=True
    )
    assert response.status_code == 200 and "lifted" in response.content.decode()
    assert sign_in_as("coord-kz", PASSWORD).status_code == 302


def deploy_warnings():
    from django.core.checks import run_checks

    return [message.id for message in run_checks(include_deployment_checks=True) if message.id == "core.W001"]


@pytest.fixture
def fresh_watch(monkeypatch):
    monkeypatch.setattr("core.addresses._last_noted", 0.0)


def test_check_deploy_warns_when_requests_come_through_a_proxy_that_is_not_trusted(settings, fresh_watch, caplog):
    settings.TRUSTED_PROXY_COUNT = 0
    Client(REMOTE_ADDR="10.0.0.2").get("/portal/login/")
    assert deploy_warnings() == []  # no proxy header seen: nothing to say
    Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.4").get("/portal/login/")
    assert deploy_warnings() == ["core.W001"]
    assert "TRUSTED_PROXY_COUNT is 0" in caplog.text
    settings.TRUSTED_PROXY_COUNT = 1  # once the proxy is trusted, the warning goes
    assert deploy_warnings() == []


def test_a_trusted_proxy_s_header_is_not_noticed(settings, fresh_watch):
    settings.TRUSTED_PROXY_COUNT = 1
    Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.4").get("/portal/login/")
    settings.TRUSTED_PROXY_COUNT = 0
    assert deploy_warnings() == []
