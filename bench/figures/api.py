"""API lists read by partner systems (the list-endpoint figures of issue 12 are added here or beside it)."""

from . import Below, Row, figure, percentile
from .clients import concurrent_latencies


@figure("rollups API")
def rollups_api(bench):
    samples = concurrent_latencies("bench-staff", "/api/v1/rollups/", clients=1, requests=bench.requests)
    return [
        Row("GET /api/v1/rollups/ (latest, a year of history) p50", percentile(samples, 50), "ms", target=Below(300))
    ]
