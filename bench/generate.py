"""The benchmark's data set: the reference data, then measures, plans, activities, reports, meetings, decisions and
documents at a scale, written by PostgreSQL itself (INSERT ... SELECT over generate_series, no rows through Python).

    SCALE=medium .venv/bin/python bench/generate.py            # or: make bench-data SCALE=medium
    .venv/bin/python bench/generate.py --scale large --fresh   # drop the database and generate again

Scales (bench/common.py): large = 200 measures, 5,000 action plans, 1,000,000 activities, 100,000 reports, 20,000
meetings, 110,000 decisions, 50,000 documents; medium a tenth, small a hundredth. A database that already holds the
scale's data is left as it is (say --fresh to start over). The rows are plausible, not realistic: every status
occurs, a small backlog of reports and decisions is overdue (what reminders and roll-ups count), and the
personas the driver signs in as exist (bench-staff, bench-kz, one coordinator per member state).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

MARKER = "BENCH-"  # the code of every generated measure

STEPS = [
    (
        "measures",
        """
        INSERT INTO measures_measure (created, updated, lock_version, code, title, title_ru, description,
                                      description_ru, status, proposed_on, adopted_on, dimension_id)
        SELECT now(), now(), 0, 'BENCH-' || i, 'Generated measure ' || i, 'Мера ' || i, 'A generated measure.', '',
               'adopted', NULL, DATE '2000-01-01' + (i %% 3000),
               (SELECT id FROM measures_dimension ORDER BY "order", id OFFSET i %% 5 LIMIT 1)
        FROM generate_series(1, %(new_measures)s) AS i
        """,
    ),
    (
        "coordinations",
        """
        INSERT INTO measures_coordination (created, updated, lock_version, role, start_on, end_on, note, country_id,
                                           measure_id)
        SELECT now(), now(), 0, CASE WHEN k = 0 THEN 'coordinator' ELSE 'co_coordinator' END, NULL, NULL, '',
               member.id, m.id
        FROM measures_measure m
        CROSS JOIN generate_series(0, 1) AS k
        JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM chairmanship_country
              WHERE cica_status = 'member') member
          ON member.n = (m.id * 7 + k * 3) %% (SELECT count(*) FROM chairmanship_country WHERE cica_status = 'member')
        WHERE m.code LIKE 'BENCH-%%' AND (k = 0 OR m.id %% 3 = 0)
        """,
    ),
    (
        "temporary tables",
        """
        CREATE TEMP TABLE bm AS
            SELECT row_number() OVER (ORDER BY m.id) - 1 AS n, m.id,
                   (SELECT c.country_id FROM measures_coordination c WHERE c.measure_id = m.id ORDER BY c.id
                    LIMIT 1) AS country_id
            FROM measures_measure m;
        CREATE TEMP TABLE members AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM chairmanship_country WHERE cica_status = 'member';
        CREATE TEMP TABLE bodies AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS n, id,
                   (SELECT coalesce(max(number), 0) FROM secretariat_meeting WHERE body_id = b.id) AS last
            FROM secretariat_meetingbody b;
        """,
    ),
    (
        "action plans",
        """
        INSERT INTO measures_actionplan (created, updated, lock_version, kind, version, title, period_start,
                                         period_end, approved_on, status, document, measure_id)
        SELECT now(), now(), 0, 'action_plan', 100 + (i / nm)::int, 'Action plan ' || i, start, start + 729,
               CASE WHEN s < 9 THEN start - 30 END,
               CASE WHEN s < 5 THEN 'approved' WHEN s < 9 THEN 'superseded' ELSE 'draft' END, '', bm.id
        FROM (SELECT i, (SELECT count(*) FROM bm) AS nm, i %% 10 AS s,
                     DATE '1995-01-01' + (i * 13) %% 12000 AS start
              FROM generate_series(0, %(action_plans)s - 1) AS i) g
        JOIN bm ON bm.n = g.i %% g.nm
        """,
    ),
    (
        "activities",
        """
        CREATE TEMP TABLE bp AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM measures_actionplan WHERE version >= 100;
        INSERT INTO measures_activity (created, updated, lock_version, title, kind, start_on, end_on, venue, status,
                                       progress, description, action_plan_id, host_country_id)
        SELECT now(), now(), 0, (ARRAY['Workshop', 'Seminar', 'Training', 'Conference'])[1 + i %% 4] || ' ' || i,
               (ARRAY['workshop', 'seminar', 'training', 'conference', 'expert_meeting', 'other'])[1 + i %% 6],
               DATE '1995-01-01' + (i * 7) %% 13000, DATE '1995-01-03' + (i * 7) %% 13000, '',
               CASE WHEN s < 30 THEN 'completed' WHEN s < 60 THEN 'in_progress' WHEN s < 85 THEN 'planned'
                    WHEN s < 95 THEN 'postponed' ELSE 'cancelled' END,
               CASE WHEN s < 30 THEN 100 WHEN s < 60 THEN 1 + (i * 31) %% 99 ELSE 0 END, '', bp.id, NULL
        FROM (SELECT i, (i * 37) %% 100 AS s, (SELECT count(*) FROM bp) AS np
              FROM generate_series(0, %(activities)s - 1) AS i) g
        JOIN bp ON bp.n = g.i %% g.np
        """,
    ),
    (
        "implementation reports",
        """
        INSERT INTO measures_implementationreport (created, updated, lock_version, period_start, period_end, due_on,
                                                   narrative, progress, status, submitted_at, reviewed_at, feedback,
                                                   country_id, reviewed_by_id, measure_id)
        SELECT now(), now(), 0, start, start + 6, start + 36, 'A generated report.', (i * 17) %% 101,
               CASE WHEN s < 70 THEN 'accepted' WHEN s < 80 THEN 'submitted' WHEN s < 83 THEN 'returned'
                    ELSE 'draft' END,
               CASE WHEN s < 83 THEN start + 30 END, CASE WHEN s < 70 THEN start + 40 END,
               CASE WHEN s BETWEEN 80 AND 82 THEN 'Please complete.' ELSE '' END,
               coalesce(bm.country_id, (SELECT id FROM members WHERE n = 0)), NULL, bm.id
        FROM (SELECT i, (i * 53) %% 100 AS s, (SELECT count(*) FROM bm) AS nm,
                     -- drafts and returned reports are mostly due in the future; one in fifty is overdue
                     CASE WHEN (i * 53) %% 100 >= 80 AND i %% 50 <> 0 THEN DATE '2100-01-01' ELSE DATE '1980-01-01'
                     END + (i / (SELECT count(*) FROM bm))::int * 7 AS start
              FROM generate_series(0, %(reports)s - 1) AS i) g
        JOIN bm ON bm.n = g.i %% g.nm
        """,
    ),
    (
        "meetings",
        """
        INSERT INTO secretariat_meeting (created, updated, lock_version, number, start_on, end_on, venue, venue_ru,
                                         status, document_deadline, outcome, host_country_id, body_id)
        SELECT now(), now(), 0, bodies.last + 1 + (i / nb)::int, start, start + 1, 'Astana', 'Астана',
               CASE WHEN start < DATE '2026-01-01' THEN 'concluded' ELSE 'planned' END, NULL, '', NULL, bodies.id
        FROM (SELECT i, (SELECT count(*) FROM bodies) AS nb, DATE '1992-01-01' + (i * 3) %% 14000 AS start
              FROM generate_series(0, %(meetings)s - 1) AS i) g
        JOIN bodies ON bodies.n = g.i %% g.nb
        """,
    ),
    (
        "decisions",
        """
        CREATE TEMP TABLE bmeet AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM secretariat_meeting;
        INSERT INTO secretariat_decision (created, updated, lock_version, number, title, title_ru, text, text_ru,
                                          responsible_party, deadline, status, progress, agenda_item_id, measure_id,
                                          referred_from_id, responsible_country_id, meeting_id)
        SELECT now(), now(), 0, 1000 + (i / nmeet)::int, 'Decision ' || i, '', 'A generated decision.', '',
               CASE WHEN i %% 10 < 4 THEN 'member_state' WHEN i %% 10 < 7 THEN 'secretariat' ELSE 'all_members'
               END,
               -- open decisions: one in fifty is overdue, the others are due far ahead or have no deadline
               CASE WHEN i %% 50 = 0 THEN DATE '2000-01-01' + i %% 5000 WHEN i %% 2 = 0 THEN DATE '2100-01-01'
               END,
               CASE WHEN s < 40 THEN 'implemented' WHEN s < 60 THEN 'open' WHEN s < 85 THEN 'in_progress'
                    WHEN s < 90 THEN 'cancelled' WHEN s < 95 THEN 'superseded' ELSE 'referred' END,
               CASE WHEN s < 40 THEN 100 WHEN s < 85 THEN (i * 29) %% 100 ELSE 0 END, NULL, NULL, NULL,
               CASE WHEN i %% 10 < 4 THEN members.id END, bmeet.id
        FROM (SELECT i, (i * 41) %% 100 AS s, (SELECT count(*) FROM bmeet) AS nmeet,
                     (SELECT count(*) FROM members) AS nmem
              FROM generate_series(0, %(decisions)s - 1) AS i) g
        JOIN bmeet ON bmeet.n = g.i %% g.nmeet
        JOIN members ON members.n = g.i %% g.nmem
        """,
    ),
    (
        "documents",
        """
        INSERT INTO secretariat_document (created, updated, lock_version, symbol, title, title_ru, kind, distribution,
                                          issued_on, agreement_id, instrument_id, measure_id, meeting_id, original_id,
                                          revision_kind, revision_number, status)
        SELECT now(), now(), 0, 'CICA/BENCH/' || i, 'Document ' || i, '',
               (ARRAY['agenda', 'report', 'minutes', 'other'])[1 + i %% 4], 'public',
               DATE '1992-01-01' + (i * 5) %% 14000, NULL, NULL,
               CASE WHEN i %% 4 = 1 THEN bm.id END, CASE WHEN i %% 2 = 0 THEN bmeet.id END, NULL, 'original', 0,
               'current'
        FROM (SELECT i, (SELECT count(*) FROM bm) AS nm, (SELECT count(*) FROM bmeet) AS nmeet
              FROM generate_series(0, %(documents)s - 1) AS i) g
        JOIN bm ON bm.n = g.i %% g.nm
        JOIN bmeet ON bmeet.n = g.i %% g.nmeet
        """,
    ),
]


def generated(scale):
    from measures.models import Measure

    return Measure.objects.filter(code__startswith=MARKER).exists()


def generate(scale, out=print):
    """Fill the (migrated, reference-loaded) database with the scale's rows; returns {step: seconds}."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from measures.models import Measure

    rows = common.rows_for(scale)
    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    timings["migrate + reference data"] = time.perf_counter() - started
    params = {**rows, "new_measures": max(0, rows["measures"] - Measure.objects.count())}
    with transaction.atomic(), connection.cursor() as cursor:
        for name, sql in STEPS:
            started = time.perf_counter()
            cursor.execute(sql, params)
            timings[name] = time.perf_counter() - started
            out(f"  {name}: {timings[name]:.1f} s")
    started = time.perf_counter()
    personas()
    timings["personas"] = time.perf_counter() - started
    started = time.perf_counter()
    snapshot_history()
    timings["a year of roll-up snapshots"] = time.perf_counter() - started
    out(f"  a year of roll-up snapshots: {timings['a year of roll-up snapshots']:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return timings


HISTORY_DAYS = 365


def snapshot_history():
    """Today's roll-up, then a copy of it for each of the year's earlier days (the trend chart and the roll-ups API
    read a year of history in production)."""
    from django.db import connection
    from django.utils import timezone

    from reporting.services import rollup_status

    today = timezone.localdate()
    rollup_status(today)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO reporting_statussnapshot (date, scope, object_id, label, progress, "values", computed_at)
            SELECT s.date - d, s.scope, s.object_id, s.label, s.progress, s."values",
                   s.computed_at - d * interval '1 day'
            FROM reporting_statussnapshot s CROSS JOIN generate_series(1, %s) AS d
            WHERE s.date = %s
            """,
            [HISTORY_DAYS, today],
        )


def personas():
    """The people the driver signs in as and the reminders send to, and the reminder rules that are enabled."""
    from accounts.models import Role, User
    from chairmanship.models import Country
    from notifications.models import ReminderRule

    members = Country.objects.filter(cica_status="member").order_by("pk")
    # No passwords: the driver signs them in directly (hashing ~30 passwords would cost the smoke run seconds).
    User.objects.create_user("bench-staff", "bench-staff@example.org", role=Role.SECRETARIAT, is_staff=True)
    for country in members:
        username = "bench-kz" if country.iso2 == "KZ" else f"bench-{country.iso2.lower()}"
        User.objects.create_user(username, f"{username}@example.org", role=Role.COORDINATOR, country=country)
    for kind in ("report_overdue", "decision_overdue"):
        ReminderRule.objects.get_or_create(
            kind=kind,
            defaults={"name": f"bench {kind}", "notify_coordinators": True, "notify_responsible": True},
        )


def counts():
    from django.db import connection

    tables = [
        "measures_measure",
        "measures_actionplan",
        "measures_activity",
        "measures_implementationreport",
        "secretariat_meeting",
        "secretariat_decision",
        "secretariat_document",
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables))
        return dict(cursor.fetchall())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(common.FACTORS), default=os.environ.get("SCALE", "small"))
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database and generate again")
    args = parser.parse_args(argv)
    common.setup(args.scale)
    if args.fresh:
        common.drop_database()
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a data set generated by an older version gets the new schema
    if not args.fresh and generated(args.scale):
        print(f"{common.database_url(args.scale)}: already generated; --fresh to start over")
        return
    print(f"Generating the {args.scale} data set into {common.database_url(args.scale).rsplit('/', 1)[-1]}")
    started = time.perf_counter()
    generate(args.scale)
    print(f"Generated in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{t} {n}" for t, n in counts().items()))


if __name__ == "__main__":
    main()
