"""Counting rows without paying a round trip, or a scan, for each count.

`count_together` counts several querysets in one query (a scalar subquery each): the staff inbox's eight counts
and the dashboard's cost one round trip, not nine.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections


def count_together(querysets, using="default"):
    """{name: the number of rows} of the querysets named in `querysets`, in one query."""
    parts, params = [], []
    for queryset in querysets.values():
        try:
            sql, sql_params = queryset.order_by().values("pk").query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # a queryset that can match nothing (e.g. `pk__in=[]`)
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")  # noqa: S608 - Django's compiled SQL, parameters apart
        params.extend(sql_params)
    if not parts:
        return {}
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, (int(n) for n in row), strict=True))
