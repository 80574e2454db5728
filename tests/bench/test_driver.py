"""The benchmark's driver: figures register themselves, rows are judged by their targets and printed as one table,
and the roll-up ceiling (hand-written SQL) computes the same numbers as reporting.services."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from bench import common
from bench.figures import Below, RatioAtLeast, RatioAtMost, Row, figure, figures
from bench.run import table
from measures.choices import ActivityStatus, PlanStatus, ReportStatus
from reporting import services
from secretariat.choices import ResponsibleParty
from tests import factories

DAY = datetime.date(2021, 6, 1)


def test_scales_are_tenths_of_the_large_one_and_never_below_the_catalogue():
    assert common.rows_for("large")["activities"] == 1_000_000
    assert common.rows_for("medium")["activities"] == 100_000
    assert common.rows_for("small")["activities"] == 10_000
    assert common.rows_for("small")["measures"] == common.MIN_MEASURES


def test_a_registered_figure_is_run_by_name_and_its_rows_are_judged():
    @figure("test figure")
    def made_up(bench):
        return [Row("fast", 1.0, "s", ceiling=1.0, target=RatioAtMost(1.5))]

    assert figures()["test figure"] is made_up
    assert Row("slow", 3.0, "s", ceiling=1.0, target=RatioAtMost(1.5)).verdict == "MISSED"
    assert Row("busy", 30.0, "req/s", ceiling=60.0, target=RatioAtLeast(0.6)).verdict == "MISSED"
    assert Row("quick", 120.0, "ms", target=Below(150)).verdict == "met"
    assert Row("part", 1.0, "s").verdict == ""


def test_the_table_shows_value_ceiling_ratio_target_and_verdict():
    printed = table([Row("rollup_status", 2.0, "s", ceiling=4.0, target=RatioAtMost(1.5))])
    assert "| rollup_status | 2.00 s   | 4.00 s  | 0.50x | ratio <= 1.5 | met |" in printed


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the ceiling is PostgreSQL SQL")
def test_the_ceiling_computes_the_same_numbers_as_the_roll_up(kazakhstan):
    from bench.figures.rollups import ceiling

    measure = factories.MeasureFactory()
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    plan = factories.ActionPlanFactory(measure=measure)
    factories.ActivityFactory(action_plan=plan, progress=40, status=ActivityStatus.IN_PROGRESS)
    factories.ActivityFactory(action_plan=plan, progress=100, status=ActivityStatus.COMPLETED)
    factories.ActivityFactory(action_plan=plan, progress=90, status=ActivityStatus.CANCELLED)
    old = factories.ActionPlanFactory(measure=measure, status=PlanStatus.SUPERSEDED)
    factories.ActivityFactory(action_plan=old, progress=0)
    factories.ImplementationReportFactory(measure=measure, country=kazakhstan, status=ReportStatus.ACCEPTED)
    factories.DecisionFactory(
        progress=50, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=kazakhstan
    )

    [ours] = services.measure_rollups(DAY)
    [row] = ceiling("measure", DAY)
    assert row[0] == ours["object_id"] and Decimal(row[5]).quantize(Decimal("0.01")) == Decimal("70.00")
    assert (row[3], row[4]) == (ours["values"]["activities_total"], ours["values"]["activities_completed"])
    assert row[7] == ours["values"]["report_id"]

    kz = {r["object_id"]: r for r in services.country_rollups(DAY)}[kazakhstan.pk]
    [country] = [r for r in ceiling("country", DAY) if r[0] == kazakhstan.pk]
    assert (country[3], float(country[4]), country[6]) == (1, kz["progress"], kz["values"]["decisions_total"])
