"""Reports for Concept 2.5: the Secretariat's staff by sub-region of Asia (and category, area, nationality), and
contributions by year with assessed, paid and arrears per state and the Support Fund's totals. Portal pages for
staff and roll-ups in the API; both aggregate in the database, so their queries do not grow with the rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from secretariat.choices import ContributionKind, StaffArea, StaffCategory
from secretariat.reports import contributions_by_year, staff_representation
from tests.conftest import sign_in, token_client
from tests.factories import ContributionFactory, CountryFactory, StaffMemberFactory, StaffPositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(kazakhstan, india):
    china = CountryFactory(iso2="CN", name="China", subregion="eastern_asia")
    adviser = StaffPositionFactory(title="Political adviser", category=StaffCategory.ADVISER, area=StaffArea.POLITICAL)
    clerk = StaffPositionFactory(title="Clerk", category=StaffCategory.TECHNICAL, area=StaffArea.ADMINISTRATION)
    StaffMemberFactory(position=adviser, nationality=kazakhstan)
    StaffMemberFactory(position=clerk, nationality=kazakhstan)
    StaffMemberFactory(position=adviser, nationality=india)
    StaffMemberFactory(position=clerk, nationality=china)
    # Left last year: not counted.
    StaffMemberFactory(position=clerk, nationality=china, contract_end=datetime.date(2021, 1, 1))


@pytest.fixture
def contributions(kazakhstan, india):
    ContributionFactory(country=kazakhstan, year=2021, assessed_amount=50000, paid_amount=50000)
    ContributionFactory(country=india, year=2021, assessed_amount=40000, paid_amount=10000)
    ContributionFactory(country=india, year=2022, assessed_amount=40000, paid_amount=45000)  # paid ahead: no arrears
    ContributionFactory(
        country=kazakhstan, year=2021, kind=ContributionKind.SUPPORT_FUND, assessed_amount=0, paid_amount=100000
    )
    ContributionFactory(country=india, year=2021, kind=ContributionKind.VOLUNTARY, assessed_amount=0, paid_amount=5000)


def counts(rows):
    return {row["key"]: row["staff"] for row in rows}


def test_staff_are_counted_by_subregion_of_asia_category_area_and_nationality(staff):
    report = staff_representation()

    subregions = counts(report["subregion"])
    assert subregions == {
        "central_asia": 2,
        "eastern_asia": 1,
        "south_eastern_asia": 0,  # every sub-region of Asia is listed, the unrepresented ones too
        "southern_asia": 1,
        "western_asia": 0,
    }
    assert counts(report["category"]) == {"adviser": 2, "technical": 2}
    assert counts(report["area"]) == {"political": 2, "administration": 2}
    assert counts(report["nationality"]) == {"KZ": 2, "IN": 1, "CN": 1}
    assert {row["label"] for row in report["nationality"]} == {"Kazakhstan", "India", "China"}


def test_contributions_by_year_give_assessed_paid_arrears_and_the_support_fund(contributions):
    by_year = {year["year"]: year for year in contributions_by_year()}

    assert list(by_year) == [2022, 2021]
    year = by_year[2021]
    assert (year["assessed"], year["paid"], year["arrears"]) == (Decimal(90000), Decimal(60000), Decimal(30000))
    assert (year["support_fund"], year["voluntary"]) == (Decimal(100000), Decimal(5000))
    india = next(state for state in year["states"] if state["country"] == "IN")
    assert (india["assessed"], india["paid"], india["arrears"]) == (Decimal(40000), Decimal(10000), Decimal(30000))
    assert by_year[2022]["arrears"] == Decimal(0)


def test_the_portal_pages_are_for_staff_only(client, officer, kz_coordinator, staff, contributions):
    urls = (reverse("secretariat:report_staff"), reverse("secretariat:report_contributions"))
    client.force_login(kz_coordinator)
    assert [client.get(url).status_code for url in urls] == [403, 403]

    sign_in(client, officer)
    staff_page = client.get(urls[0]).content.decode()
    assert '<tr data-key="south_eastern_asia"><td data-label="Group">South-eastern Asia</td>' in staff_page
    contributions_page = client.get(urls[1]).content.decode()
    assert 'data-total="2021"' in contributions_page and "30,000.00" in contributions_page


@pytest.mark.parametrize("url", ["secretariat:report_staff", "secretariat:report_contributions"])
def test_the_pages_cost_the_same_queries_for_few_and_many_rows(client, officer, url, django_assert_max_num_queries):
    sign_in(client, officer)
    page = reverse(url)
    StaffMemberFactory()
    ContributionFactory()
    client.get(page)  # warm the session and the second-factor device
    with django_assert_max_num_queries(30) as few:
        assert client.get(page).status_code == 200
    for year in range(2010, 2020):
        country = CountryFactory()
        StaffMemberFactory(nationality=country, position=StaffPositionFactory(category=StaffCategory.PROFESSIONAL))
        ContributionFactory(country=country, year=year)
        ContributionFactory(country=country, year=year, kind=ContributionKind.SUPPORT_FUND, paid_amount=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(page).status_code == 200


def test_the_api_rollups_answer_the_same_figures(officer, staff, contributions, django_assert_max_num_queries):
    client = token_client(officer)

    with django_assert_max_num_queries(12):
        staff_rollup = client.get("/api/v1/rollups/staff/").json()
    assert counts(staff_rollup["subregion"])["western_asia"] == 0
    assert counts(staff_rollup["nationality"]) == {"KZ": 2, "IN": 1, "CN": 1}

    with django_assert_max_num_queries(12):
        years = client.get("/api/v1/rollups/contributions/").json()
    assert [year["year"] for year in years] == [2022, 2021]
    assert (years[1]["arrears"], years[1]["support_fund"]) == ("30000.00", "100000.00")
    assert {state["country"]: state["arrears"] for state in years[1]["states"]} == {"IN": "30000.00", "KZ": "0.00"}
