"""Writing the search index: the entries of some records of one source, in a fixed number of queries per batch.

`index(source, pks)` reads the records again (with their related rows and the stored texts of their files), writes
one entry per language (insert or update, stale languages removed) and, on PostgreSQL, has the database compute
their weighted vectors in one UPDATE. A record that no longer exists loses its entries.
"""

import operator
from functools import reduce

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import translation

from .languages import config_for
from .models import FileText, SearchEntry
from .sources import all_sources

CONTENT_FIELDS = ("config", "title", "context", "text", "url", "file_url", "body", "year", "countries", "updated")


def clean_text(value, limit):
    """Text PostgreSQL accepts (no NUL characters), cut to `limit` characters."""
    return str(value or "").replace("\x00", " ")[:limit]


def file_texts(source, objects):
    """{(model label, pk): text} of the files of `objects`, one query for the whole batch."""
    if source.file_model is None:
        return {}
    label = source.file_model._meta.label_lower
    pks = [row.pk for obj in objects for row in source.files(obj)]
    if not pks:
        return {}
    rows = FileText.objects.filter(model=label, object_id__in=pks).values_list("object_id", "text")
    return {(label, pk): text for pk, text in rows}


def build_entries(source, objects):
    """The entries of `objects` (unsaved SearchEntry rows), labels in English whatever the request's language."""
    limit = settings.SEARCH_TEXT_MAX_CHARS
    files = file_texts(source, objects)
    entries = []
    with translation.override("en"):
        for obj in objects:
            facets = source.facets(obj)
            countries = f" {' '.join(sorted(set(facets.countries)))} " if facets.countries else ""
            for text in source.texts(obj, files):
                entries.append(
                    SearchEntry(
                        kind=source.kind,
                        object_id=obj.pk,
                        language=text.language,
                        config=config_for(text.language),
                        title=clean_text(text.title, 500),
                        context=clean_text(text.context, 500),
                        text=clean_text(text.text, limit),
                        url=facets.url,
                        file_url=text.file_url,
                        body=facets.body,
                        year=facets.year,
                        countries=countries,
                    )
                )
    return entries


def write(source, pks, entries):
    """Replace the entries of records `pks` of `source` with `entries` (records without entries lose theirs)."""
    using = router.db_for_write(SearchEntry)
    languages = {}
    for entry in entries:
        languages.setdefault(entry.object_id, set()).add(entry.language)
    with transaction.atomic(using=using):
        stale = SearchEntry.objects.filter(kind=source.kind, object_id__in=pks)
        if languages:
            stale = stale.exclude(
                reduce(operator.or_, (Q(object_id=pk, language__in=langs) for pk, langs in languages.items()))
            )
        stale.delete()
        if entries:
            SearchEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["kind", "object_id", "language"],
                update_fields=list(CONTENT_FIELDS),
            )
            if connections[using].vendor == "postgresql":
                SearchEntry.objects.filter(kind=source.kind, object_id__in=list(languages)).update(
                    vector=SearchEntry.vector_expression()
                )


def index(source, pks):
    """Bring the entries of records `pks` of `source` up to date."""
    pks = list(pks)
    if not pks:
        return 0
    objects = list(source.queryset().filter(pk__in=pks))
    entries = build_entries(source, objects)
    write(source, pks, entries)
    return len(entries)


def remove(source, pks):
    SearchEntry.objects.filter(kind=source.kind, object_id__in=list(pks)).delete()


def rebuild(sources=None, batch_size=500, progress=None):
    """Index every record of `sources` (all by default) and drop entries of records that are gone.

    Returns {kind: number of entries}. `progress(kind, done)` is called after each batch.
    """
    counts = {}
    for source in sources or all_sources():
        pks = list(source.model._default_manager.order_by("pk").values_list("pk", flat=True))
        written = 0
        for start in range(0, len(pks), batch_size):
            written += index(source, pks[start : start + batch_size])
            if progress:
                progress(source.kind, min(start + batch_size, len(pks)))
        SearchEntry.objects.filter(kind=source.kind).exclude(
            object_id__in=source.model._default_manager.values("pk")
        ).delete()
        counts[source.kind] = written
    return counts
