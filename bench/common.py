"""What the benchmark scripts share: the scales, the database they work in, Django set up against it.

The benchmark never touches the database of DATABASE_URL: it works in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/cica_bench_<scale>), created when missing and migrated.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Rows per scale. `large` is the Secretariat's scale grown tenfold over many chairmanships (issue 12); `medium` is a
# tenth of it and `small` a hundredth (the CI smoke run). Measures do not shrink below the reference Catalogue.
LARGE = {
    "measures": 200,
    "action_plans": 5_000,
    "activities": 1_000_000,
    "reports": 100_000,
    "meetings": 20_000,
    "decisions": 110_000,
    "documents": 50_000,
}
FACTORS = {"small": 0.01, "medium": 0.1, "large": 1.0}
MIN_MEASURES = 20


# The REDIS_URL the benchmark was started with (setup() takes it out of the driver's own environment).
served_redis_url = None


def rows_for(scale):
    factor = FACTORS[scale]
    rows = {name: max(1, round(count * factor)) for name, count in LARGE.items()}
    rows["measures"] = max(MIN_MEASURES, rows["measures"])
    rows["action_plans"] = max(rows["measures"], rows["action_plans"])
    return rows


def database_url(scale):
    return os.environ.get("BENCH_DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/cica_bench_{scale}"


def setup(scale):
    """Point Django at the scale's database (creating it when missing) and set Django up."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url(scale)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    # Mail goes nowhere and nothing is queued to a broker: the benchmark times the database and the code. The
    # served figures (bench/served.py) give their gunicorn the caller's REDIS_URL as its cache, as in production.
    os.environ.setdefault("EMAIL_URL", "memorymail://")
    global served_redis_url
    served_redis_url = os.environ.pop("REDIS_URL", None) or None
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    _ensure_database()


def _ensure_database():
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        sys.exit("The benchmark needs PostgreSQL: set BENCH_DATABASE_URL=postgres://...")
    connection = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"] or 5432
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    connection.close()


def drop_database():
    import psycopg2
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"] or 5432
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    connection.close()
