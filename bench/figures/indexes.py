"""What the indexes cost and what they serve (issue 22).

- the database's size, and each big table's with its indexes;
- the time to insert a tenth of the scale's activities in one statement, with every index of the table and without
  its optional ones: the text-search (GIN, trigram) indexes, which only the search boxes need (the others give every
  list its order, keyset pages and the plan's activities). For reference, also without any index that does not
  enforce a constraint. Each side runs in its own transaction, rolled back (the indexes are dropped inside it),
  the sides alternately;
- for each text-search (trigram) index on a big table, the admin search it serves, for a word no row holds (the
  index answers at once; without it every row is read), timed with the index and without it (dropped inside a
  transaction the request runs in, then rolled back).
"""

import statistics
import time

from django.db import connection, transaction

from . import Below, RatioAtMost, Row, figure
from .clients import signed_in
from .lists import STAFF, staff_persona

BIG_TABLES = (
    "measures_activity",
    "measures_implementationreport",
    "secretariat_decision",
    "secretariat_document",
    "secretariat_meeting",
    "reporting_statussnapshot",
)

INSERT_ACTIVITIES = """
    INSERT INTO measures_activity (created, updated, lock_version, title, kind, start_on, end_on, venue, status,
                                   progress, description, action_plan_id, host_country_id)
    SELECT now(), now(), 0, 'Inserted workshop ' || i, 'workshop', DATE '2020-01-01' + i %% 3000, NULL, '',
           'planned', 0, '', plans.ids[1 + i %% array_length(plans.ids, 1)], NULL
    FROM generate_series(1, %(rows)s) AS i, (SELECT array_agg(id) AS ids FROM measures_actionplan) AS plans
"""

# The trigram indexes of the big tables, each with the admin search it serves (`?q=` a word no row holds).
TRIGRAM_SEARCHES = {
    "activity_text_trgm": "measures/activity",
    "report_narrative_trgm": "measures/implementationreport",
    "decision_title_trgm decision_title_ru_trgm decision_text_trgm": "secretariat/decision",
    "document_symbol_trgm document_title_trgm document_title_ru_trgm": "secretariat/document",
    "meeting_venue_trgm meeting_outcome_trgm": "secretariat/meeting",
}
RARE = "zqxjv"


def megabytes(n):
    return n / 1_000_000


@figure("database size")
def database_size(bench):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        (total,) = cursor.fetchone()
        cursor.execute(
            """
            SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid),
                   coalesce(sum(pg_relation_size(i.indexrelid)) FILTER (WHERE NOT i.indisprimary AND NOT
                            i.indisunique), 0)
            FROM pg_class c LEFT JOIN pg_index i ON i.indrelid = c.oid
            WHERE c.relname = ANY(%s) GROUP BY c.oid, c.relname ORDER BY 2 + 3 DESC
            """,
            [list(BIG_TABLES)],
        )
        tables = cursor.fetchall()
    rows = [Row("database size", megabytes(total), "MB")]
    for name, table, indexes, optional in tables:
        rows.append(
            Row(
                f"  {name} (table + indexes)",
                megabytes(table + indexes),
                "MB",
                note=f"table {megabytes(table):.0f} MB, indexes {megabytes(indexes):.0f} MB "
                f"({megabytes(optional):.0f} MB optional)",
            )
        )
    return rows


def indexes(table, text_search_only):
    """The indexes of `table` that enforce no constraint (only the GIN ones: `text_search_only`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
            WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique
              AND (a.amname = 'gin' OR NOT %s) ORDER BY 1
            """,
            [table, text_search_only],
        )
        return [name for (name,) in cursor.fetchall()]


def insert_seconds(rows, drop=()):
    """Seconds to insert `rows` activities in one statement, after dropping `drop` (all rolled back)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for name in drop:
            cursor.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        cursor.execute(INSERT_ACTIVITIES, {"rows": rows})
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


@figure("insert cost")
def insert_cost(bench):
    rows = bench.rows["activities"] // 10
    optional = indexes("measures_activity", text_search_only=True)
    unconstrained = indexes("measures_activity", text_search_only=False)
    sides = {"all": [], "optional": [], "unconstrained": []}
    for drop in ((), optional, unconstrained):
        insert_seconds(rows, drop)  # warm-up of each side
    for _ in range(bench.repeat):
        sides["all"].append(insert_seconds(rows))
        sides["optional"].append(insert_seconds(rows, optional))
        sides["unconstrained"].append(insert_seconds(rows, unconstrained))
    every, without_optional, bare = (statistics.median(sides[side]) for side in sides)
    with connection.cursor() as cursor:
        # The rolled-back rows are dead but still take room in the table and its indexes: rewritten without them
        # (a few seconds at the large scale), so that a run neither grows the data set nor slows the next figures.
        cursor.execute("VACUUM FULL measures_activity")
    return [
        Row(
            f"insert {rows:,} activities: every index / without the optional",
            every,
            "s",
            ceiling=without_optional,
            target=RatioAtMost(2),
            note=f"optional: {', '.join(optional)}",
        ),
        Row(
            f"insert {rows:,} activities: every index / constraints' only",
            every,
            "s",
            ceiling=bare,
            note=f"{len(unconstrained)} indexes dropped",
        ),
    ]


def search_ms(client, path, requests, drop=()):
    """Median milliseconds of the admin search `path`, with the indexes `drop` dropped meanwhile (rolled back)."""
    samples = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            for name in drop:
                cursor.execute(f'DROP INDEX "{name}"')
        client.get(path)
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            samples.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, (path, response.status_code)
        transaction.set_rollback(True)
    return statistics.median(samples)


@figure("trigram indexes")
def trigram_indexes(bench):
    staff_persona()
    client = signed_in(STAFF)
    rows = []
    for names, changelist in TRIGRAM_SEARCHES.items():
        path = f"/admin/{changelist}/?q={RARE}"
        requests = max(3, bench.requests // 4)
        served = search_ms(client, path, requests)
        without = search_ms(client, path, requests, names.split())
        rows.append(
            Row(
                f"admin {changelist} search, a word no row holds",
                served,
                "ms",
                target=Below(500),
                note=f"{without:,.0f} ms without {names.replace(' ', ', ')}",
            )
        )
    return rows
