"""rollup_status against its ceiling: the same numbers from hand-written GROUP BY queries, one per scope.

The ceiling computes every scope independently in raw SQL (each reads the activities it needs), the way a person
would write each report by hand; it does not store anything. `rollup_status` computes and stores the snapshots.
"""

from django.db import connection
from django.utils import timezone

from measures.choices import COUNTED_PLAN_STATUSES
from reporting import services
from secretariat.choices import OPEN_DECISION_STATUSES

from . import Informational, RatioAtMost, Row, figure, side_by_side

PER_MEASURE = """
    SELECT p.measure_id, count(*) AS total, count(*) FILTER (WHERE a.status = 'completed') AS completed,
           sum(a.progress) AS progress_sum, avg(a.progress) AS progress
    FROM measures_activity a JOIN measures_actionplan p ON p.id = a.action_plan_id
    WHERE a.status <> 'cancelled' AND p.status IN %(plans)s
    GROUP BY p.measure_id
"""
DECISIONS = """
    count(d.id) AS total,
    count(d.id) FILTER (WHERE d.status IN %(open)s) AS open,
    count(d.id) FILTER (WHERE d.status = 'implemented') AS implemented,
    count(d.id) FILTER (WHERE d.status IN %(open)s AND d.deadline < %(on)s) AS overdue,
    avg(d.progress) FILTER (WHERE d.status NOT IN ('cancelled', 'superseded')) AS progress
"""
CEILING = {
    "measure": f"""
        SELECT m.id, m.title, m.dimension_id, coalesce(s.total, 0), coalesce(s.completed, 0), s.progress,
               r.progress, r.id
        FROM measures_measure m
        LEFT JOIN ({PER_MEASURE}) s ON s.measure_id = m.id
        LEFT JOIN (SELECT DISTINCT ON (measure_id) measure_id, progress, id FROM measures_implementationreport
                   WHERE status = 'accepted' ORDER BY measure_id, period_end DESC, id DESC) r ON r.measure_id = m.id
    """,
    "dimension": """
        SELECT d.id, d.name, coalesce(n.measures, 0), coalesce(s.total, 0), coalesce(s.completed, 0), s.progress
        FROM measures_dimension d
        LEFT JOIN (SELECT dimension_id, count(*) AS measures FROM measures_measure GROUP BY dimension_id) n
               ON n.dimension_id = d.id
        LEFT JOIN (SELECT m.dimension_id, count(*) AS total,
                          count(*) FILTER (WHERE a.status = 'completed') AS completed, avg(a.progress) AS progress
                   FROM measures_activity a JOIN measures_actionplan p ON p.id = a.action_plan_id
                   JOIN measures_measure m ON m.id = p.measure_id
                   WHERE a.status <> 'cancelled' AND p.status IN %(plans)s
                   GROUP BY m.dimension_id) s ON s.dimension_id = d.id
    """,
    "priority": """
        SELECT pr.id, pr.number, pr.title, count(i.id) FILTER (WHERE i.status <> 'dropped'),
               count(i.id) FILTER (WHERE i.status = 'achieved'), avg(i.progress) FILTER (WHERE i.status <> 'dropped')
        FROM chairmanship_priority pr LEFT JOIN chairmanship_initiative i ON i.priority_id = pr.id
        GROUP BY pr.id
    """,
    "body": f"""
        SELECT b.id, b.code, {DECISIONS}
        FROM secretariat_meetingbody b
        LEFT JOIN secretariat_meeting mt ON mt.body_id = b.id
        LEFT JOIN secretariat_decision d ON d.meeting_id = mt.id
        GROUP BY b.id
    """,
    "country": f"""
        WITH per_measure AS ({PER_MEASURE}),
        coordinated AS (
            SELECT DISTINCT country_id, measure_id FROM measures_coordination
            WHERE (start_on IS NULL OR start_on <= %(on)s) AND (end_on IS NULL OR end_on >= %(on)s)),
        activities AS (
            SELECT c.country_id, count(*) AS measures, sum(pm.total) AS total, sum(pm.progress_sum) AS progress_sum
            FROM coordinated c LEFT JOIN per_measure pm ON pm.measure_id = c.measure_id GROUP BY c.country_id),
        decisions AS (
            SELECT d.responsible_country_id AS country_id, {DECISIONS}
            FROM secretariat_decision d WHERE d.responsible_country_id IS NOT NULL GROUP BY 1),
        overdue AS (
            SELECT country_id, count(*) AS n FROM measures_implementationreport
            WHERE status IN ('draft', 'returned') AND due_on < %(on)s GROUP BY country_id)
        SELECT c.id, c.name, c.iso2, coalesce(a.measures, 0), a.progress_sum / nullif(a.total, 0),
               coalesce(o.n, 0), coalesce(d.total, 0), coalesce(d.open, 0), coalesce(d.implemented, 0),
               coalesce(d.overdue, 0), d.progress
        FROM chairmanship_country c
        LEFT JOIN activities a ON a.country_id = c.id
        LEFT JOIN decisions d ON d.country_id = c.id
        LEFT JOIN overdue o ON o.country_id = c.id
        WHERE c.cica_status = 'member' AND (c.joined_on IS NULL OR c.joined_on <= %(on)s)
    """,
}


def ceiling(scope, on):
    params = {"on": on, "plans": tuple(COUNTED_PLAN_STATUSES), "open": tuple(OPEN_DECISION_STATUSES)}
    with connection.cursor() as cursor:
        cursor.execute(CEILING[scope], params)
        return cursor.fetchall()


def every_ceiling(on):
    return {scope: ceiling(scope, on) for scope in CEILING}


@figure("rollup_status")
def rollup_status(bench):
    on = timezone.localdate()
    ours, raw = side_by_side(lambda: services.rollup_status(on), lambda: every_ceiling(on), repeat=bench.repeat)
    rows = [
        Row("rollup_status (compute + store)", ours, "s", ceiling=raw, target=RatioAtMost(1.5)),
    ]
    for scope, compute in services.ROLLUPS.items():
        part, raw_part = side_by_side(
            lambda compute=compute: compute(on, services.Facts(on)),
            lambda scope=scope: ceiling(str(scope), on),
            repeat=bench.repeat,
        )
        rows.append(Row(f"  {scope} scope (compute)", part, "s", ceiling=raw_part, target=Informational()))
    return rows
