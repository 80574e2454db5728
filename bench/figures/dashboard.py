"""The portal dashboard for a coordinator (Kazakhstan) and for Secretariat staff, two clients at once."""

from . import Below, Row, figure, percentile
from .clients import concurrent_latencies


@figure("dashboard")
def dashboard(bench):
    """The dashboard's p50 and p95, and beside them (as their ceiling) the same clients' GET /readyz (one SELECT 1
    and a Redis PING through the same middleware): what any page costs on this machine under its current load."""
    rows = []
    for persona, username in (("coordinator", "bench-kz"), ("staff", "bench-staff")):
        samples = concurrent_latencies(username, "/portal/", clients=2, requests=bench.requests)
        floor = concurrent_latencies(username, "/readyz", clients=2, requests=bench.requests)
        rows.append(Row(f"dashboard {persona} p50 (2 clients)", percentile(samples, 50), "ms", percentile(floor, 50)))
        rows.append(
            Row(
                f"dashboard {persona} p95 (2 clients)",
                percentile(samples, 95),
                "ms",
                percentile(floor, 95),
                target=Below(150),
            )
        )
    return rows
