"""The chairmanship in view: the current term's page, the Troika of every term, the Concept's priorities and
initiatives in the Concept's order, and the Troika in the admin."""

import datetime
import json

import pytest
import time_machine
from django.urls import reverse

from chairmanship.models import Chairmanship, Initiative
from referencedata.loader import DATA_DIR, load_reference_data
from tests.conftest import sign_in
from tests.factories import ChairmanshipFactory, InitiativeFactory, PriorityFactory, SustainableDevelopmentGoalFactory

pytestmark = pytest.mark.django_db

KAZAKHSTAN_TERM = datetime.datetime(2021, 6, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def reference_data(db):
    load_reference_data()


def concept_initiatives():
    """{priority number: [initiative titles]} as priorities.json (in the Concept's order) lists them."""
    data = json.loads((DATA_DIR / "priorities.json").read_text(encoding="utf-8"))
    return {p["number"]: [i["title"] for i in p["initiatives"]] for p in data["priorities"]}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_chairmanship_page_shows_its_troika(client, kz_coordinator, reference_data):
    client.force_login(kz_coordinator)
    terms = list(Chairmanship.objects.select_related("country"))
    assert len(terms) >= 5
    for index, term in enumerate(terms):
        html = page(client, reverse("chairmanship:chairmanship_detail", args=[term.pk]))
        previous = terms[index - 1] if index else None
        following = terms[index + 1] if index + 1 < len(terms) else None
        troika = html[html.index('<ol class="troika">') : html.index("</ol>")]
        assert f"<strong>{term.country.name}</strong>" in troika
        for role, neighbour in (("previous", previous), ("next", following)):
            line = troika[troika.index(f'data-role="{role}"') :].split("</li>")[0]
            if neighbour is None:
                assert "<a " not in line, (term, role)
            else:
                url = reverse("chairmanship:chairmanship_detail", args=[neighbour.pk])
                assert f'href="{url}">{neighbour.country.name}</a>' in line, (term, role)


@time_machine.travel(KAZAKHSTAN_TERM)
def test_the_current_chairmanship_page_lists_the_concept_in_its_order(client, kz_coordinator, reference_data):
    client.force_login(kz_coordinator)
    html = page(client, reverse("chairmanship:current"))

    assert "Chairmanship of Kazakhstan" in html
    assert "Partnership for Security and Development in Asia" in html
    assert 'href="#concept"' in html and "full-fledged regional organization" in html  # the Concept's text, folded
    for number, titles in concept_initiatives().items():
        section = html[html.index(f"<h3>{number} ") :]
        positions = [section.index(title.replace("'", "&#x27;")) for title in titles]
        assert positions == sorted(positions), number
    assert "First President of Kazakhstan Nursultan Nazarbayev" in html  # an owner the Concept names
    assert 'href="https://sdgs.un.org/goals/goal16"' in html


def test_initiatives_keep_the_concepts_order_and_owners_in_the_data(reference_data):
    for number, titles in concept_initiatives().items():
        assert list(Initiative.objects.filter(priority__number=number).values_list("title", flat=True)) == titles
    assert not Initiative.objects.filter(owner="").exists()
    three_d = Initiative.objects.get(title__startswith="Three D")
    assert three_d.owner_country.iso2 == "KZ" and "Nazarbayev" in three_d.owner
    assert Initiative.objects.get(title__startswith="CICA Support Fund").owner_country is None
    # No achieved initiative at 0%: the Secretary General is in office, and priority 2.5 shows it.
    elevated = Initiative.objects.get(title="Executive Director elevated to Secretary General")
    assert (elevated.status, elevated.progress) == ("achieved", 100)
    assert not Initiative.objects.filter(status="achieved", progress__lt=100).exists()


def test_without_a_running_term_the_chairmanship_link_leads_to_the_list(client, kz_coordinator):
    ChairmanshipFactory(start_on=datetime.date(1995, 1, 1), end_on=datetime.date(1996, 1, 1))
    client.force_login(kz_coordinator)
    response = client.get(reverse("chairmanship:current"))
    assert response.status_code == 302 and response["Location"] == reverse("chairmanship:chairmanship_list")


def test_the_page_costs_the_same_queries_for_few_and_many_initiatives(
    client, kz_coordinator, django_assert_max_num_queries
):
    term = ChairmanshipFactory()
    goals = SustainableDevelopmentGoalFactory.create_batch(2)

    def add(priorities, initiatives):
        for _ in range(priorities):
            priority = PriorityFactory(chairmanship=term)
            for _ in range(initiatives):
                InitiativeFactory(priority=priority).sdgs.set(goals)

    client.force_login(kz_coordinator)
    url = reverse("chairmanship:chairmanship_detail", args=[term.pk])
    add(1, 1)
    with django_assert_max_num_queries(20) as few:
        page(client, url)
    add(4, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client, url)
    assert html.count("SDG ") >= 2 * 21


def test_the_admin_shows_the_troika_of_a_term(client, officer, reference_data):
    sign_in(client, officer)
    kazakh = Chairmanship.objects.get(country__iso2="KZ", start_on__year=2020)
    html = page(client, reverse("admin:chairmanship_chairmanship_change", args=[kazakh.pk]))

    panel = html[html.index('<ol class="troika">') :].split("</ol>")[0]
    for neighbour in (kazakh.previous, kazakh.next):
        assert reverse("admin:chairmanship_chairmanship_change", args=[neighbour.pk]) in panel
    assert f"<strong>{kazakh}</strong>" in panel


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_the_menu_opens_the_latest_term_with_a_concept_while_the_running_one_has_none(
    client, kz_coordinator, reference_data
):
    running = Chairmanship.objects.current()
    assert running.country.iso2 == "AZ" and not running.is_recorded  # the reference data: no Concept, no priorities
    client.force_login(kz_coordinator)
    html = page(client, reverse("chairmanship:current"))
    assert "Chairmanship of Kazakhstan" in html
    assert "Partnership for Security and Development in Asia" in html and "Not recorded" not in html
    # ... and from there every other term is one link away, the running one included.
    others = html[html.index('id="h-other-terms"') :]
    for term in Chairmanship.objects.exclude(country__iso2="KZ", start_on__year=2020):
        assert reverse("chairmanship:chairmanship_detail", args=[term.pk]) in others, term


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_a_term_says_plainly_what_is_not_recorded(client, kz_coordinator, reference_data):
    client.force_login(kz_coordinator)
    running = Chairmanship.objects.current()
    html = page(client, reverse("chairmanship:chairmanship_detail", args=[running.pk]))
    notice = html[html.index('id="not-recorded"') :].split("</p>")[0]
    assert "its Concept" in notice and "its priorities and initiatives" in notice and "its theme" in notice


def test_a_running_term_with_its_priorities_recorded_is_the_one_opened(kz_coordinator, client):
    today = datetime.date.today()
    older = ChairmanshipFactory(
        start_on=today - datetime.timedelta(days=900), end_on=today - datetime.timedelta(days=100), concept_text="C"
    )
    running = ChairmanshipFactory(start_on=today - datetime.timedelta(days=100), end_on=None)
    assert Chairmanship.objects.most_wanted() == older  # nothing recorded of the running term yet
    PriorityFactory(chairmanship=running)
    assert Chairmanship.objects.most_wanted() == running
    client.force_login(kz_coordinator)
    assert f"Chairmanship of {running.country.name}" in page(client, reverse("chairmanship:current"))
