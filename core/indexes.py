"""Indexes for case-insensitive text search (`icontains`, the admin's search box, the lists' `q`).

Django compares `UPPER(column::text) LIKE UPPER('%term%')` on PostgreSQL; a trigram GIN index on `UPPER(column)`
answers that without reading the table. Migrations that add one run `TrigramExtension()` first (pg_trgm, a trusted
extension). SQLite has neither GIN nor pg_trgm: there the index is a plain one on the same expression, which costs
little and keeps the migrations the same on both databases.

A search that looks for a term in any of several fields of a row (an activity's title, venue or description) is
answered by one `JoinedTrigramIndex` on the fields joined by a separator no term holds (core.textsearch asks it): a
write updates one index instead of one per field.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import connections, models
from django.db.models.functions import Concat, Upper

# Between the joined fields: a control character no search term holds (the search boxes take one line of text; a
# term that holds it anyway is looked for field by field).
SEPARATOR = "\x1f"


class TrigramIndex(GinIndex):
    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = [e.get_source_expressions()[0] if isinstance(e, OpClass) else e for e in self.expressions]
        return models.Index(*plain, name=self.name).create_sql(model, schema_editor, using=using, **kwargs)


def joined(*fields):
    """The text of `fields` of a row, joined by SEPARATOR."""
    parts = [models.F(fields[0])]
    for field in fields[1:]:
        parts += [models.Value(SEPARATOR), models.F(field)]
    return Concat(*parts, output_field=models.TextField())


class JoinedTrigramIndex(TrigramIndex):
    """One trigram index on several (non-null) text fields of a row, joined: "one of them contains the term"."""

    def __init__(self, *fields, name):
        self.joined_fields = fields
        super().__init__(OpClass(Upper(joined(*fields)), name="gin_trgm_ops"), name=name)

    def deconstruct(self):
        path, _args, _kwargs = super().deconstruct()
        return path, self.joined_fields, {"name": self.name}


def joined_fields(model):
    """The fields a JoinedTrigramIndex of `model` joins (empty when it has none)."""
    return next((i.joined_fields for i in model._meta.indexes if isinstance(i, JoinedTrigramIndex)), ())


def trigram_indexes(prefix, *fields):
    """One trigram index per field, named `<prefix>_<field>_trgm` (at most 30 characters, as Django requires)."""
    return [TrigramIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=f"{prefix}_{field}_trgm") for field in fields]


def create_extensions(using="default", **kwargs):
    """pre_migrate: pg_trgm exists before any table is made. The migrations create it too (TrigramExtension); this
    also covers tables made straight from the models (the test suite runs without migrations)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
