"""The admin's lists: every changelist fits a 1366 px screen, names each filter once, and shows "bad" flags as
status tags; the API token's owner is a searchable select; meetings list upcoming first."""

import datetime
import re
from collections import Counter
from html import unescape as html_unescape

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse

from accounts.tokens import APIToken
from tests.conftest import sign_in
from tests.factories import DecisionFactory, ImplementationReportFactory, MeetingBodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# A 1366 px screen with the filter sidebar leaves room for the checkbox and about seven columns; the rest of a
# row's fields are on its change page.
MAX_COLUMNS = 7
TODAY = datetime.date(2026, 11, 27)


def changelists():
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_changelist_fits_a_1366_px_screen():
    wide = {str(model._meta.label): len(m.list_display) for model, m, _url in changelists()}
    assert {label: n for label, n in wide.items() if n > MAX_COLUMNS} == {}


def test_no_changelist_has_two_filters_with_one_title(client, officer):
    sign_in(client, officer)
    for model, _admin, url in changelists():
        response = client.get(url)
        if response.status_code != 200:  # e.g. a list the admin only links to
            continue
        titles = re.findall(r'data-filter-title="([^"]*)"', response.content.decode())
        assert [title for title, n in Counter(titles).items() if n > 1] == [], model._meta.label


def test_agreement_filters_tell_the_agreements_kind_from_the_partners(client, officer):
    sign_in(client, officer)
    html = client.get(reverse("admin:relations_agreement_changelist")).content.decode()
    titles = [html_unescape(t) for t in re.findall(r'data-filter-title="([^"]*)"', html)]
    assert "kind" in titles and "partner's kind" in titles


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC))
def test_overdue_decisions_show_a_warning_tag_not_a_green_tick(client, officer):
    DecisionFactory(
        deadline=datetime.date(2026, 1, 1),
        meeting=MeetingFactory(start_on=datetime.date(2025, 6, 1), end_on=datetime.date(2025, 6, 2)),
    )
    sign_in(client, officer)
    html = client.get(reverse("admin:secretariat_decision_changelist")).content.decode()
    assert 'class="badge' in html and "overdue" in html
    assert "icon-yes.svg" not in html


def test_the_token_owner_is_chosen_by_searching(client, officer):
    sign_in(client, officer)
    html = client.get(reverse("admin:accounts_apitoken_add")).content.decode()
    assert 'data-model-name="user"' in html or "admin-autocomplete" in html
    assert "vForeignKeyRawIdAdminField" not in html
    assert admin.site._registry[APIToken].autocomplete_fields == ("user",)


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC))
def test_the_meetings_to_come_open_the_portals_list_and_both_lists_start_with_the_latest(client, officer):
    body = MeetingBodyFactory()
    today = datetime.date.today()

    def meeting(number, days_from_today):
        start = today + datetime.timedelta(days=days_from_today)
        return MeetingFactory(body=body, number=number, start_on=start, end_on=start + datetime.timedelta(days=1))

    held_long_ago = meeting(1, -9000)
    held_lately = meeting(2, -60)
    running = meeting(3, -1)  # ends today: still to come
    next_one = meeting(4, 14)
    later = meeting(5, 100)

    sign_in(client, officer)
    page = client.get(reverse("secretariat:meeting_list"))
    assert list(page.context["upcoming"]) == [running, next_one, later]  # the nearest first
    assert list(page.context["object_list"]) == [later, next_one, running, held_lately, held_long_ago]
    assert "Coming up" in page.content.decode()
    assert "upcoming" not in client.get(reverse("secretariat:meeting_list"), {"page": 1, "status": "planned"}).context
    changelist = client.get(reverse("admin:secretariat_meeting_changelist")).content.decode()
    rows = [reverse("admin:secretariat_meeting_change", args=[m.pk]) for m in (later, next_one, held_lately)]
    assert sorted(rows, key=lambda row: changelist.index(f'href="{row}"')) == rows


def test_no_list_shows_a_bad_flag_as_a_boolean_icon():
    """A boolean column shows a green tick for True: wrong for "overdue", where True is bad. Such flags are tags."""
    bad_words = ("overdue", "failed", "expired", "late")
    icons = []
    for model, model_admin, _url in changelists():
        for column in model_admin.list_display:
            attribute = column if callable(column) else getattr(model_admin, str(column), None)
            name = getattr(attribute, "__name__", str(column))
            if getattr(attribute, "boolean", False) and any(word in name for word in bad_words):
                icons.append(f"{model._meta.label}.{name}")
    assert icons == []


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC))
def test_overdue_reports_show_a_warning_tag(client, officer):
    ImplementationReportFactory(due_on=datetime.date(2026, 1, 1))
    sign_in(client, officer)
    html = client.get(reverse("admin:measures_implementationreport_changelist")).content.decode()
    assert "badge" in html and "icon-yes.svg" not in html and "icon-no.svg" not in html
