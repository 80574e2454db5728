"""The benchmark's figures: a registry the driver (bench/run.py) runs in order and prints as one table.

A figure is a function registered with `@figure(name)`; it receives the `Bench` (scale, row counts, helpers) and
returns `Row`s: a measured value, optionally the ceiling it is compared with (what the same answer costs written by
hand: raw SQL, a bare view), and the target the row is judged by. To add figures (e.g. the API list pages), write a
module in bench/figures/ with `@figure` functions and name it in bench/run.py's FIGURE_MODULES.

    from .clients import requests_per_second

    @figure("measures API page 1")
    def measures_api(bench):
        ours = requests_per_second("bench-staff", "/api/v1/measures/?page_size=50")
        bare = requests_per_second("bench-staff", "/bench/bare/measures/")  # a bare view of the same 50 rows
        return [Row("GET /api/v1/measures/ (req/s)", ours, "req/s", ceiling=bare, target=RatioAtLeast(0.6))]

`bench.rows` holds the scale's row counts, `bench.repeat` and `bench.requests` the repetitions asked for; the helpers
here time calls side by side (`side_by_side`), count queries (`counted`) and take percentiles; bench/figures/clients.py
signs personas in (bench-staff, bench-kz) and measures latencies and requests per second.
"""

import statistics
import time
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

_FIGURES = {}


def figure(name):
    """Register the decorated function as the figure `name` (a later registration of the name replaces it)."""

    def register(function):
        _FIGURES[name] = function
        return function

    return register


def figures():
    return dict(_FIGURES)


@dataclass(frozen=True)
class RatioAtMost:
    """Met when value / ceiling <= limit (for times: ours may cost at most `limit` times the ceiling)."""

    limit: float

    def met(self, row):
        return row.ratio is not None and row.ratio <= self.limit

    def __str__(self):
        return f"ratio <= {self.limit:g}"


@dataclass(frozen=True)
class RatioAtLeast:
    """Met when value / ceiling >= limit (for throughputs)."""

    limit: float

    def met(self, row):
        return row.ratio is not None and row.ratio >= self.limit

    def __str__(self):
        return f"ratio >= {self.limit:g}"


@dataclass(frozen=True)
class Below:
    """Met when the value is under `limit` (in the row's unit)."""

    limit: float

    def met(self, row):
        return row.value < self.limit

    def __str__(self):
        return f"< {self.limit:g}"


@dataclass(frozen=True)
class Informational:
    """No target: the row is printed for understanding (a part of a figure, a ratio without a limit)."""

    def met(self, row):
        return None

    def __str__(self):
        return "-"


@dataclass
class Row:
    label: str
    value: float
    unit: str
    ceiling: float | None = None
    target: object = Informational()
    note: str = ""

    @property
    def ratio(self):
        return self.value / self.ceiling if self.ceiling else None

    @property
    def verdict(self):
        met = self.target.met(self)
        return "" if met is None else ("met" if met else "MISSED")


def timed(function, *args, **kwargs):
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def side_by_side(ours, ceiling, repeat=3):
    """Median seconds of `ours` and of `ceiling`, called alternately `repeat` times each (after one warm-up of
    each), so that both meet the same caches and the same load on the machine."""
    ours(), ceiling()
    mine, theirs = [], []
    for _ in range(repeat):
        mine.append(timed(ours)[0])
        theirs.append(timed(ceiling)[0])
    return statistics.median(mine), statistics.median(theirs)


def counted(function, *args, **kwargs):
    """(seconds, number of queries, result) of one call."""
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        seconds, result = timed(function, *args, **kwargs)
    return seconds, len(captured.captured_queries), result


def percentile(samples, p):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]
