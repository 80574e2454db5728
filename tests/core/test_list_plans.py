"""Every list the API, the portal and the admin offer reads page 1 through an index, on PostgreSQL.

The big tables are filled with some thousands of rows (generate_series, then ANALYZE, so the planner sees real
sizes); each list page is requested, and every query it runs on a big table, except the page count, is EXPLAINed.
A sequential scan over a big table, or a sort of many rows (a Sort node not fed in order by an index), fails.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import ReminderRule
from tests import factories
from tests.conftest import service_missing, sign_in, token_client

pytestmark = pytest.mark.services

ROWS = 20_000
BIG = 5_000  # a table with more rows than this is big: scanning or sorting it whole is what the test refuses
SORTED_AT_MOST = 1_000  # a sort of up to this many (estimated) rows is cheap: e.g. the rows of one page's parent

API_LISTS = ["activities", "reports", "measures", "meetings", "decisions", "documents", "action-plans"]
PORTAL_LISTS = [
    "measures:activity_list",
    "measures:report_list",
    "secretariat:meeting_list",
    "secretariat:decision_list",
    "secretariat:document_list",
]
ADMIN_LISTS = [
    "measures_activity",
    "measures_implementationreport",
    "secretariat_meeting",
    "secretariat_agendaitem",
    "secretariat_decision",
    "secretariat_document",
    "notifications_reminderdelivery",
]


@pytest.fixture
def big_tables(db, officer):
    if connection.vendor != "postgresql":
        service_missing("query plans are PostgreSQL's (set DATABASE_URL)")
    plan = factories.ActionPlanFactory()
    country = factories.CountryFactory()
    factories.CoordinationFactory(measure=plan.measure, country=country)
    body = factories.MeetingBodyFactory()
    rule = ReminderRule.objects.create(name="Reports", kind="report_due", lead_days="7")
    params = {"rows": ROWS, "plan": plan.pk, "measure": plan.measure_id, "country": country.pk, "body": body.pk}
    params |= {"officer": officer.pk, "rule": rule.pk}
    # created, updated (each row its own time) and lock_version first, then each table's own columns
    statements = [
        """INSERT INTO measures_activity (created, updated, lock_version, title, kind, start_on, venue, status,
            progress, description, action_plan_id)
            SELECT now(), clock_timestamp(), 1, 'Workshop ' || i, 'workshop', DATE '2000-01-01' + (i %% 9000), '',
            'planned', 0, '', %(plan)s FROM generate_series(1, %(rows)s) i""",
        """INSERT INTO measures_implementationreport (created, updated, lock_version, period_start, period_end,
            narrative, progress, status, feedback, country_id, measure_id)
            SELECT now(), clock_timestamp(), 1, DATE '1995-01-01' + i, DATE '1995-01-01' + i + 30, '', 0, 'draft', '',
            %(country)s, %(measure)s FROM generate_series(1, %(rows)s / 2) i""",
        """INSERT INTO secretariat_meeting (created, updated, lock_version, number, start_on, end_on, venue, venue_ru,
            status, outcome, body_id)
            SELECT now(), clock_timestamp(), 1, i, DATE '2000-01-01' + (i %% 9000), DATE '2000-01-01' + (i %% 9000), '',
            '', 'planned', '', %(body)s FROM generate_series(1, %(rows)s / 2) i""",
        """INSERT INTO secretariat_agendaitem (created, updated, lock_version, number, title, title_ru, description,
            description_ru, status, is_procedural, meeting_id)
            SELECT now(), clock_timestamp(), 1, 1 + i %% 3, 'Item ' || i, '', '', '', 'open', false, m.id
            FROM secretariat_meeting m, generate_series(0, 2) i""",
        """INSERT INTO secretariat_decision (created, updated, lock_version, number, title, title_ru, text, text_ru,
            responsible_party, status, progress, meeting_id)
            SELECT now(), clock_timestamp(), 1, 1 + i %% 3, 'Decision ' || i, '', '', '', 'secretariat', 'open', 0, m.id
            FROM secretariat_meeting m, generate_series(0, 2) i""",
        """INSERT INTO secretariat_document (created, updated, lock_version, symbol, title, title_ru, kind,
            distribution, issued_on, revision_kind, revision_number, status)
            SELECT now(), clock_timestamp(), 1, 'CICA/GEN/' || i, 'Document ' || i, '', 'other', 'public',
            DATE '2000-01-01' + (i %% 9000), 'original', 0, 'current' FROM generate_series(1, %(rows)s) i""",
        """INSERT INTO notifications_reminderdelivery (object_id, stage, due_on, status, attempts, last_error,
            subject, created, content_type_id, recipient_id, rule_id, batch, next_attempt_at)
            SELECT i, 'due', CURRENT_DATE, 'sent', 1, '', 'Reminder', now() - i * interval '1 minute',
            (SELECT id FROM django_content_type WHERE model = 'implementationreport'), %(officer)s, %(rule)s,
            gen_random_uuid(), now() FROM generate_series(1, %(rows)s) i""",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)
        cursor.execute("ANALYZE")
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [BIG])
        return {name for (name,) in cursor.fetchall()}


def nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def faults(sql, big, can_use_an_index=False):
    """What is wrong with the plan of `sql`: sequential scans of big tables, sorts of many rows.

    `can_use_an_index` asks only whether an index can answer the query: a search of generated rows of a few
    characters each is cheaper to scan than to look up, so the planner is told to avoid scans (it still scans when
    no index fits, which is what is checked)."""
    with connection.cursor() as cursor:
        if can_use_an_index:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (row,) = cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = on")
    plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
    found = []
    for node in nodes(plan):
        if node["Node Type"] == "Seq Scan" and node["Relation Name"] in big:
            found.append(f"Seq Scan on {node['Relation Name']}")
        if node["Node Type"] == "Sort":
            rows = max(child["Plan Rows"] for child in node["Plans"])
            if rows > SORTED_AT_MOST:
                found.append(f"Sort of {rows} rows by {node['Sort Key']}")
    return found


def page_faults(client, url, big, can_use_an_index=False):
    """Request page 1 of a list; the faults of every query it runs on a big table (the page count aside)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    found = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.startswith("SELECT") or sql.startswith("SELECT COUNT(*)") or not any(t in sql for t in big):
            continue
        found += [
            f"{problem} in {sql[:80]}...{sql[sql.rfind(' WHERE ') :][:300]}"
            for problem in faults(sql, big, can_use_an_index)
        ]
    return found


def assert_none(found):
    faulty = [f"{name}: {fault}" for name, faults_ in found.items() for fault in faults_]
    assert not faulty, "\n".join(faulty)


def test_tables_are_big_enough_to_matter(big_tables):
    assert {"measures_activity", "secretariat_decision", "notifications_reminderdelivery"} <= big_tables


def test_every_api_list_reads_page_1_through_an_index(big_tables, officer):
    client = token_client(officer)
    found = {path: page_faults(client, f"/api/v1/{path}/?page_size=50", big_tables) for path in API_LISTS}
    assert_none(found)


def test_every_cursor_page_reads_through_an_index(big_tables, officer):
    client = token_client(officer)
    found = {
        path: page_faults(client, f"/api/v1/{path}/?pagination=cursor&page_size=50", big_tables) for path in API_LISTS
    }
    assert_none(found)


def test_every_portal_list_reads_page_1_through_an_index(big_tables, officer, client):
    sign_in(client, officer)
    found = {name: page_faults(client, reverse(name), big_tables) for name in PORTAL_LISTS}
    assert_none(found)


def test_every_admin_changelist_reads_page_1_through_an_index(big_tables, officer, client):
    sign_in(client, officer)
    found = {name: page_faults(client, reverse(f"admin:{name}_changelist"), big_tables) for name in ADMIN_LISTS}
    assert_none(found)


def test_every_search_reads_through_indexes(big_tables, officer, client):
    """The lists' `q` and the admin's search box: trigram indexes on own columns, related fields looked up first."""
    api = token_client(officer)
    sign_in(client, officer)
    found = {f"api {path}": page_faults(api, f"/api/v1/{path}/?q=zebra", big_tables, True) for path in API_LISTS}
    found |= {name: page_faults(client, f"{reverse(name)}?q=zebra", big_tables, True) for name in PORTAL_LISTS}
    found |= {
        f"admin {name}": page_faults(client, f"{reverse(f'admin:{name}_changelist')}?q=zebra", big_tables, True)
        for name in ADMIN_LISTS
    }
    assert_none(found)
