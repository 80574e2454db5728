"""The benchmark driver: every registered figure measured against its ceiling, in one run, as one table.

    SCALE=medium .venv/bin/python bench/run.py          # or: make bench SCALE=medium (generates the data first)
    .venv/bin/python bench/run.py --scale small --only rollup_status --only dashboard

It works in the scale's benchmark database (bench/common.py: BENCH_DATABASE_URL), which bench/generate.py filled.
Each row prints the measured value, the ceiling it is compared with (what the same answer costs written by hand),
their ratio, the target and whether it is met. The figures are registered in bench/figures/ (see its docstring to
add one). Timings are for comparing, side by side on one machine, not a timed test: nothing here fails a build.
"""

import argparse
import datetime
import importlib
import os
import platform
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

# In the order they run: the roll-ups first, so that the dashboard reads today's snapshots.
FIGURE_MODULES = [
    "bench.figures.rollups",
    "bench.figures.dashboard",
    "bench.figures.api",
    "bench.figures.reminders",
    "bench.figures.lists",
    "bench.figures.indexes",
]


class Bench:
    """What a figure receives: the scale, its row counts and how many repetitions to make."""

    def __init__(self, scale, repeat, requests):
        self.scale = scale
        self.rows = common.rows_for(scale)
        self.repeat = repeat
        self.requests = requests


def fmt(value):
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value < 1 else f"{value:.2f}"


def table(rows):
    header = ["figure", "measured", "ceiling", "ratio", "target", ""]
    lines = [
        [
            row.label,
            f"{fmt(row.value)} {row.unit}",
            f"{fmt(row.ceiling)} {row.unit}" if row.ceiling else "-",
            f"{row.ratio:.2f}x" if row.ratio is not None else "-",
            str(row.target),
            row.verdict + (f"  ({row.note})" if row.note else ""),
        ]
        for row in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"]
    out.append("| " + " | ".join("-" * w for w in widths) + " |")
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |" for line in lines]
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(common.FACTORS), default=os.environ.get("SCALE", "small"))
    parser.add_argument("--only", action="append", help="run only this figure (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="timings per side of a side-by-side comparison")
    parser.add_argument("--requests", type=int, default=20, help="requests per client for page latencies")
    args = parser.parse_args(argv)
    common.setup(args.scale)

    from django.conf import settings

    from bench.figures import figures

    settings.DEBUG = False  # no query log kept per request while timing pages
    for module in FIGURE_MODULES:
        importlib.import_module(module)
    bench = Bench(args.scale, args.repeat, args.requests)
    from bench.generate import counts, generated

    if not generated(args.scale):
        sys.exit(f"No {args.scale} data set yet: run bench/generate.py --scale {args.scale} first")
    print(
        f"Benchmark, scale {args.scale}, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at start), Python {platform.python_version()}"
    )
    print("Rows: " + ", ".join(f"{table_name} {n:,}" for table_name, n in counts().items()))
    rows, started = [], time.perf_counter()
    for name, function in figures().items():
        if args.only and name not in args.only:
            continue
        try:
            rows += function(bench)
        except Exception:  # noqa: BLE001 - one broken figure must not hide the others
            traceback.print_exc()
            print(f"figure {name!r} failed", file=sys.stderr)
    print(table(rows))
    print(f"({time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    main()
