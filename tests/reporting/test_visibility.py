"""No role's roll-up counts a row its own lists hide.

For each role (staff, a coordinator, another country's coordinator, a partner system) every figure of every roll-up
it reads at /api/v1/rollups/ equals what the same role counts in the matching API list, filtered the same way
(reports of the measure that are overdue, decisions of the body that are open, ...). The expectations come from the
lists, not from the roll-up code. Every figure a snapshot carries must have its check here: a new figure without
one fails the matrix.
"""

import csv
import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from measures.choices import ActivityStatus, PlanStatus, ReportStatus
from printouts.printouts import CountryStatusPrintout, MeasureStatusPrintout
from reporting.choices import Scope
from secretariat.choices import DecisionStatus, ResponsibleParty
from tests import factories
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2021, 9, 1)
PAST_DUE = datetime.date(2021, 7, 31)
NOT_YET_DUE = datetime.date(2021, 12, 31)
ROLES = ("staff", "coordinator", "other coordinator", "partner")
NOT_COUNTED_DECISIONS = (DecisionStatus.CANCELLED, DecisionStatus.SUPERSEDED)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2021, 9, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def catalogue(kazakhstan, india):
    """Two states coordinating measures, with open reports of each (overdue and not), plans in every state,
    decisions of a body assigned to each state, and a chairmanship's initiatives."""
    dimension = factories.DimensionFactory(code="economic")
    kz_measure = factories.MeasureFactory(code="trade", dimension=dimension)
    in_measure = factories.MeasureFactory(code="energy", dimension=dimension)
    shared = factories.MeasureFactory(code="transport", dimension=factories.DimensionFactory(code="human"))
    since = datetime.date(2018, 1, 1)  # the earliest report's period: a state reports only while it coordinates
    factories.CoordinationFactory(measure=kz_measure, country=kazakhstan, start_on=since)
    factories.CoordinationFactory(measure=in_measure, country=india, start_on=since)
    factories.CoordinationFactory(measure=shared, country=kazakhstan, start_on=since)
    factories.CoordinationFactory(measure=shared, country=india, role="co_coordinator", start_on=since)
    for measure in (kz_measure, in_measure, shared):
        approved = factories.ActionPlanFactory(measure=measure)
        for status, progress in (("completed", 100), ("in_progress", 40), ("cancelled", 90), ("planned", 0)):
            factories.ActivityFactory(action_plan=approved, status=status, progress=progress, host_country=kazakhstan)
        draft = factories.ActionPlanFactory(measure=measure, status=PlanStatus.DRAFT, approved_on=None)
        factories.ActivityFactory(action_plan=draft, status=ActivityStatus.IN_PROGRESS, progress=5)

    def report(measure, country, status, start, due_on=PAST_DUE, progress=50):
        return factories.ImplementationReportFactory(
            measure=measure,
            country=country,
            status=status,
            period_start=datetime.date(start, 1, 1),
            period_end=datetime.date(start, 6, 30),
            due_on=due_on,
            progress=progress,
        )

    report(kz_measure, kazakhstan, ReportStatus.DRAFT, 2021)  # overdue
    report(kz_measure, kazakhstan, ReportStatus.RETURNED, 2020)  # overdue
    report(kz_measure, kazakhstan, ReportStatus.ACCEPTED, 2019, progress=30)
    report(kz_measure, kazakhstan, ReportStatus.SUBMITTED, 2018)
    report(in_measure, india, ReportStatus.DRAFT, 2021)  # overdue
    report(in_measure, india, ReportStatus.DRAFT, 2020, due_on=NOT_YET_DUE)
    report(in_measure, india, ReportStatus.ACCEPTED, 2019, progress=70)
    report(shared, kazakhstan, ReportStatus.DRAFT, 2021)  # overdue
    report(shared, india, ReportStatus.RETURNED, 2021)  # overdue

    swg = factories.MeetingBodyFactory(code="SWG", level=1)
    meeting = factories.MeetingFactory(body=swg, host_country=kazakhstan)
    for country, status, deadline in (
        (kazakhstan, DecisionStatus.OPEN, datetime.date(2021, 6, 30)),
        (kazakhstan, DecisionStatus.IMPLEMENTED, datetime.date(2021, 6, 30)),
        (india, DecisionStatus.IN_PROGRESS, datetime.date(2021, 12, 31)),
        (india, DecisionStatus.CANCELLED, datetime.date(2021, 6, 30)),
    ):
        factories.DecisionFactory(
            meeting=meeting,
            responsible_party=ResponsibleParty.MEMBER_STATE,
            responsible_country=country,
            status=status,
            deadline=deadline,
            progress=100 if status == DecisionStatus.IMPLEMENTED else 20,
        )
    priority = factories.PriorityFactory(chairmanship=factories.ChairmanshipFactory(country=kazakhstan))
    for status, progress in (("achieved", 100), ("in_progress", 50), ("dropped", 10)):
        factories.InitiativeFactory(priority=priority, status=status, progress=progress)
    call_command("rollup_status", stdout=None)


@pytest.fixture
def clients(officer, kz_coordinator, in_coordinator, partner_system):
    return {
        "staff": token_client(officer),
        "coordinator": token_client(kz_coordinator),
        "other coordinator": token_client(in_coordinator),
        "partner": token_client(partner_system),
    }


class Lists:
    """What one role reads in the API's lists."""

    def __init__(self, api):
        self.api = api

    def rows(self, path, **filters):
        response = self.api.get(f"/api/v1/{path}/", {**filters, "page_size": 200})
        assert response.status_code == 200, response.content
        assert response.json()["next"] is None
        return response.json()["results"]

    def count(self, path, **filters):
        return len(self.rows(path, **filters))

    def detail(self, path, pk):
        return self.api.get(f"/api/v1/{path}/{pk}/").json()

    def counted_activities(self, **plan_filters):
        """The activities of approved plans (the plans in force), as this role lists them."""
        plans = self.rows("action-plans", status=PlanStatus.APPROVED, **plan_filters)
        return [activity for plan in plans for activity in self.rows("activities", action_plan=plan["id"])]


def average(values):
    values = list(values)
    return round(sum(values) / len(values), 2) if values else None


def activity_figures(activities):
    counted = [a for a in activities if a["status"] != ActivityStatus.CANCELLED]
    return {
        "activities_total": len(counted),
        "activities_completed": sum(1 for a in counted if a["status"] == ActivityStatus.COMPLETED),
        "statuses": dict(Counter(a["status"] for a in activities)),
        "progress": average(a["progress"] for a in counted),
    }


def decision_figures(decisions, lists, **filters):
    counted = [d for d in decisions if d["status"] not in NOT_COUNTED_DECISIONS]
    return {
        "decisions_total": len(decisions),
        "decisions_open": lists.count("decisions", open="true", **filters),
        "decisions_implemented": lists.count("decisions", status=DecisionStatus.IMPLEMENTED, **filters),
        "decisions_overdue": lists.count("decisions", overdue="true", **filters),
        "decision_progress": average(d["progress"] for d in counted),
    }


def measure_expected(lists, snapshot):
    measure = lists.detail("measures", snapshot["object_id"])
    latest = lists.rows("reports", measure=measure["code"], status=ReportStatus.ACCEPTED, ordering="-period_end")
    return {
        **activity_figures(lists.counted_activities(measure=measure["code"])),
        "reports_overdue": lists.count("reports", measure=measure["code"], overdue="true"),
        "report_progress": latest[0]["progress"] if latest else None,
        "report_id": latest[0]["id"] if latest else None,
        "status": measure["status"],
    }


def dimension_expected(lists, snapshot):
    code = lists.detail("dimensions", snapshot["object_id"])["code"]
    return {
        **activity_figures(lists.counted_activities(dimension=code)),
        "measures": lists.count("measures", dimension=code),
    }


def priority_expected(lists, snapshot):
    initiatives = [i for i in lists.rows("initiatives", priority=snapshot["object_id"]) if i["status"] != "dropped"]
    return {
        "initiatives_total": len(initiatives),
        "initiatives_achieved": sum(1 for i in initiatives if i["status"] == "achieved"),
        "progress": average(i["progress"] for i in initiatives),
        "chairmanship_id": lists.detail("priorities", snapshot["object_id"])["chairmanship"],
    }


def body_expected(lists, snapshot):
    code = lists.detail("meeting-bodies", snapshot["object_id"])["code"]
    figures = decision_figures(lists.rows("decisions", body=code), lists, body=code)
    progress = figures.pop("decision_progress")  # a body's headline figure
    return {**figures, "progress": progress}


def country_expected(lists, snapshot):
    iso2 = lists.detail("countries", snapshot["object_id"])["iso2"]
    measures = [m["code"] for m in lists.rows("measures", country=iso2)]
    activities = [a for code in measures for a in lists.counted_activities(measure=code)]
    return {
        "iso2": iso2,
        "measures_coordinated": len(measures),
        "reports_overdue": lists.count("reports", country=iso2, overdue="true"),
        "progress": activity_figures(activities)["progress"],
        **decision_figures(lists.rows("decisions", country=iso2), lists, country=iso2),
    }


EXPECTED = {
    Scope.MEASURE: measure_expected,
    Scope.DIMENSION: dimension_expected,
    Scope.PRIORITY: priority_expected,
    Scope.BODY: body_expected,
    Scope.COUNTRY: country_expected,
}
# Ids of the rows a figure belongs to, not counts: checked against the row itself where the API names it.
ATTRIBUTES = {"dimension_id"}


def as_number(value):
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize("role", ROLES)
def test_every_roll_up_figure_equals_the_count_of_the_roles_own_list(role, catalogue, clients):
    api = clients[role]
    lists = Lists(api)
    snapshots = lists.rows("rollups")
    assert {s["scope"] for s in snapshots} == set(Scope.values)  # every scope is checked
    for snapshot in snapshots:
        expected = EXPECTED[snapshot["scope"]](lists, snapshot)
        served = {**snapshot["values"], "progress": snapshot["progress"]}
        unchecked = set(served) - set(expected) - ATTRIBUTES
        assert not unchecked, f"{snapshot['scope']} figures without a check: {unchecked}"
        for name, value in expected.items():
            if name in ATTRIBUTES:
                continue
            got = served[name]
            if name.endswith("progress"):
                got, value = as_number(got), as_number(value)
            assert got == value, f"{role}: {snapshot['scope']} {snapshot['label']} {name}"


def served(api, scope, object_id, name):
    [snapshot] = Lists(api).rows("rollups", scope=scope, object_id=object_id)
    return snapshot["values"][name]


def test_the_overdue_counts_differ_by_role_as_the_lists_do(catalogue, clients, kazakhstan, india):
    """The matrix above would also pass if every role saw the same numbers: here they must not."""
    from measures.models import Measure

    trade, shared = (Measure.objects.get(code=code).pk for code in ("trade", "transport"))
    by_role = {role: served(api, "measure", trade, "reports_overdue") for role, api in clients.items()}
    assert by_role == {"staff": 2, "coordinator": 2, "other coordinator": 0, "partner": 0}
    by_role = {role: served(api, "measure", shared, "reports_overdue") for role, api in clients.items()}
    assert by_role == {"staff": 2, "coordinator": 1, "other coordinator": 1, "partner": 0}
    by_role = {role: served(api, "country", india.pk, "reports_overdue") for role, api in clients.items()}
    assert by_role == {"staff": 2, "coordinator": 0, "other coordinator": 2, "partner": 0}


@pytest.mark.parametrize("role", ROLES)
def test_the_csv_export_serves_the_same_figures_and_never_the_breakdown(role, catalogue, clients):
    api = clients[role]
    rows = list(csv.DictReader(io.StringIO(api.get("/api/v1/rollups/", {"format": "csv"}).content.decode())))
    assert rows and not any("reports_overdue_by_country" in column for column in rows[0])
    json_rows = {(s["scope"], s["object_id"]): s["values"] for s in Lists(api).rows("rollups")}
    for row in rows:
        if row["values.reports_overdue"]:
            expected = json_rows[(row["scope"], int(row["object_id"]))]["reports_overdue"]
            assert int(row["values.reports_overdue"]) == expected


def test_the_pdfs_count_only_what_the_reader_may_see(catalogue, india, kz_coordinator, in_coordinator):
    from measures.models import Measure

    india_as_kz = CountryStatusPrintout(india, kz_coordinator).context()["totals"]
    india_as_india = CountryStatusPrintout(india, in_coordinator).context()["totals"]
    assert (india_as_kz["reports_overdue"], india_as_india["reports_overdue"]) == (0, 2)
    shared = Measure.objects.get(code="transport")
    figures = MeasureStatusPrintout(shared, kz_coordinator).context()["figures"]
    assert figures["reports_overdue"] == 1 and "reports_overdue_by_country" not in figures
