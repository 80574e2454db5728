"""The API's and the portal's lists, and the admin's changelists (issue 12: indexed orderings, keyset pages,
serializers built once, searches through indexes; issue 22: the lists as a client sees them).

Each API list's page 1 (page_size 50) is compared with a bare Django view returning the same 50 rows as JSON
(bench/urls.py: `.values()` in one query, or two for the measures' coordinators and the decisions' referrals, and
`JsonResponse`): the ceiling. Both go through the same middleware and session, so the ratio is what the API's
machinery costs on top. It is measured twice:

- served (the target is judged on this one): gunicorn with the production settings and two workers, two client
  threads alternating between the API and the bare view over HTTP (bench/served.py);
- in-process: Django's test client in the driver's process, the two called alternately. The test client adds its
  own work to every request (it copies the request, records templates and signals), which makes both sides slower
  and their ratio look better than a client sees it.
"""

import base64
import time
from urllib.parse import urlencode

from django.db.models import Count
from django.test.utils import override_settings

from accounts.models import Role, User
from bench import served
from measures.models import Activity, Measure
from secretariat.models import Decision, Meeting

from . import Below, Informational, RatioAtLeast, Row, figure, percentile, side_by_side
from .clients import concurrent_latencies, signed_in

STAFF = "bench-admin"  # a Secretariat officer with the admin (is_staff, superuser): sees every row


def staff_persona():
    if not User.objects.filter(username=STAFF).exists():
        User.objects.create_user(STAFF, f"{STAFF}@example.org", role=Role.SECRETARIAT, is_staff=True, is_superuser=True)


API_LISTS = ("measures", "reports", "activities", "decisions")
ADMIN_LISTS = (
    "measures/activity",
    "measures/implementationreport",
    "measures/actionplan",
    "secretariat/meeting",
    "secretariat/decision",
    "secretariat/document",
    "notifications/reminderdelivery",
)


def requests_per_second(client, ours, ceiling, repeat):
    def get(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    mine, theirs = side_by_side(lambda: get(ours), lambda: get(ceiling), repeat=repeat)
    return 1 / mine, 1 / theirs


@figure("api lists")
def api_lists(bench):
    """Served first (judged), then in-process (for comparison with the figures of issue 12)."""
    staff_persona()
    rows = []
    cookie = served.session_cookie(STAFF)
    with served.served(bench.scale) as server:
        for resource in API_LISTS:
            ours, bare = f"/api/v1/{resource}/?page_size=50", f"/bench/bare/{resource}/"
            measured = served.interleaved(server, [ours, bare], cookie, rounds=10 * bench.requests)
            rows.append(
                Row(
                    f"GET /api/v1/{resource}/ page 1 (50 rows), served",
                    measured[ours].requests_per_second,
                    "req/s",
                    ceiling=measured[bare].requests_per_second,
                    target=RatioAtLeast(0.6),
                    note=f"p50 {measured[ours].p50:.1f} vs {measured[bare].p50:.1f} ms",
                )
            )
    client = signed_in(STAFF)
    with override_settings(ROOT_URLCONF="bench.urls"):
        for resource in API_LISTS:
            ours, bare = requests_per_second(
                client, f"/api/v1/{resource}/?page_size=50", f"/bench/bare/{resource}/", max(5, bench.requests)
            )
            rows.append(
                Row(
                    f"GET /api/v1/{resource}/ page 1, in-process",
                    ours,
                    "req/s",
                    ceiling=bare,
                    target=Informational(),
                )
            )
    return rows


def cursor_at(instance):
    """The `?cursor=` of the keyset page that starts after `instance` (DRF's encoding: base64 of `p=<position>`)."""
    return base64.b64encode(urlencode({"p": str(instance.updated)}).encode("ascii")).decode("ascii")


@figure("cursor pages")
def cursor_pages(bench):
    staff_persona()
    middle = Activity.objects.order_by("updated", "id")[Activity.objects.count() // 2]
    paths = {
        "first": "/api/v1/activities/?pagination=cursor&page_size=50",
        "middle": f"/api/v1/activities/?pagination=cursor&page_size=50&cursor={cursor_at(middle)}",
    }
    rows = []
    for where, path in paths.items():
        samples = concurrent_latencies(STAFF, path, clients=1, requests=bench.requests)
        rows.append(
            Row(f"GET /api/v1/activities/ cursor page, {where} p95", percentile(samples, 95), "ms", target=Below(50))
        )
    return rows


def latest_meeting_of_the_busiest_body():
    """The meeting whose page gathers most: the latest of the body with the most decisions still open."""
    body = (
        Decision.objects.open()
        .values("meeting__body")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("meeting__body", flat=True)
        .first()
    )
    return Meeting.objects.filter(body=body).order_by("-start_on").values_list("pk", flat=True).first()


@figure("portal lists")
def portal_lists(bench):
    staff_persona()
    busiest = Measure.objects.order_by("-action_plans__activities__id").values_list("pk", flat=True).first()
    paths = {
        "measure page (the busiest measure)": f"/portal/measures/{busiest}/",
        "meeting page (the busiest body's latest)": f"/portal/meetings/{latest_meeting_of_the_busiest_body()}/",
        "activities": "/portal/activities/",
        "reports": "/portal/reports/",
        "decisions": "/portal/decisions/",
        "documents": "/portal/documents/",
    }
    rows = []
    for label, path in paths.items():
        samples = concurrent_latencies(STAFF, path, clients=1, requests=bench.requests)
        rows.append(Row(f"portal {label} p50", percentile(samples, 50), "ms", target=Below(300)))
    size = len(signed_in(STAFF).get(paths["meeting page (the busiest body's latest)"]).content)
    rows.append(Row("portal meeting page (the busiest body's latest) size", size / 1000, "KB"))
    return rows


DEEP = {
    # page 10,000 of 50 activities: what issue 22 measured at 1.8-2.1 s (an OFFSET walk of 500,000 index entries)
    "GET /api/v1/activities/?page=10000": "/api/v1/activities/?page=10000&page_size=50",
    "portal activities page 2000": "/portal/activities/?page=2000",
    "admin activities page 2000": "/admin/measures/activity/?p=2000",
}


@figure("deep pages")
def deep_pages(bench):
    """Numbered pages far down a big list: answered quickly, with a refusal that says how to read further (API and
    portal: 400; the admin: its error page). Timed as the client sees them, whatever the status."""
    staff_persona()
    rows = []
    for label, path in DEEP.items():
        client = signed_in(STAFF)
        status = client.get(path).status_code
        samples = []
        for _ in range(bench.requests):
            started = time.perf_counter()
            client.get(path)
            samples.append(1000 * (time.perf_counter() - started))
        rows.append(Row(f"{label} p95", percentile(samples, 95), "ms", target=Below(300), note=f"answers {status}"))
    return rows


@figure("admin changelists")
def admin_changelists(bench):
    staff_persona()
    rows = []
    for changelist in ADMIN_LISTS:
        samples = concurrent_latencies(STAFF, f"/admin/{changelist}/", clients=1, requests=bench.requests)
        rows.append(Row(f"admin {changelist} p50", percentile(samples, 50), "ms", target=Below(300)))
    for changelist in ("measures/activity", "secretariat/decision"):
        samples = concurrent_latencies(STAFF, f"/admin/{changelist}/?q=workshop", clients=1, requests=bench.requests)
        rows.append(Row(f"admin {changelist} search ?q=workshop p50", percentile(samples, 50), "ms", target=Below(500)))
    return rows
