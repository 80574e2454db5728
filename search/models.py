"""The search index: one entry per record and language, kept current by search.signals and `rebuild_search_index`.

An entry holds what a hit shows (title, context, text for the snippet, link), the fields the filters use (type,
meeting body, year, countries, language) and, on PostgreSQL, the weighted text-search vector of its words: the title
weighs most (A), the context next (codes, symbols, the names of what the record belongs to: B), the text least (C).
Which rows a user may find is the permission rule of the record the entry stands for (search.permissions).
"""

import operator
import re
from functools import reduce

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connections, models
from django.db.models import Case, F, FloatField, Q, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.permissions import RestrictedQuerySetMixin

from .languages import ALL_CONFIGS

# ts_headline marks matches with these (characters no text contains); they become <mark> after HTML-escaping.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 240


class GinIndexOnPostgreSQL(GinIndex):
    """A GIN index on PostgreSQL. The embedded SQLite has no GIN (and its entries have no vectors): a plain index."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


def _tsquery(text, config):
    return SearchQuery(text, config=config, search_type="websearch")


def _per_config(make, output_field):
    """One expression per text-search configuration, chosen by the entry's own `config`."""
    return Case(*(When(config=config, then=make(config)) for config in ALL_CONFIGS), output_field=output_field)


# "quoted phrase", -excluded, word: the part of the websearch syntax the SQLite fallback understands.
_TERM = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


def parse_terms(text):
    """(required, excluded) terms of a query; `or` is only understood by PostgreSQL and ignored here."""
    required, excluded = [], []
    for minus_phrase, phrase, minus_word, word in _TERM.findall(text):
        term = (phrase or word).strip().strip('"')
        if not term or term.lower() == "or":
            continue
        (excluded if (minus_phrase or minus_word) else required).append(term)
    return required, excluded


def _contains(term):
    return Q(title__icontains=term) | Q(context__icontains=term) | Q(text__icontains=term)


def fulltext_available(using="default"):
    """Full-text search needs PostgreSQL; elsewhere (the embedded SQLite of `make run`) the fallback answers."""
    return connections[using].vendor == "postgresql"


def newest_first():
    """The order in which matches become candidates when a query matches too many records to rank them all."""
    return [Coalesce("year", 0).desc(), F("id").desc()]


class SearchEntryQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def search(self, text, fulltext=None, limit=None):
        """Entries of this queryset matching `text` (websearch syntax), best first, one per record (its best language).

        PostgreSQL: full-text search, each entry read in its own configuration, ranked by ts_rank over the weighted
        vector. Elsewhere (the embedded SQLite of `make run`): every word or "phrase" contained in the title,
        context or text, none of the -excluded ones; a title match ranks first.

        Ranking needs every match's vector, so at most `limit` matches (SEARCH_MAX_RESULTS) are ranked: all of them
        for any specific query; for a broad one (a word in half of all records), the newest. Apply the other filters
        (permission, type, year...) before this one, so that they choose among all matches.
        """
        text = (text or "").strip()
        if not text:
            return self.none()
        if fulltext_available(self.db) if fulltext is None else fulltext:
            match = reduce(operator.or_, (Q(config=c, vector=_tsquery(text, c)) for c in ALL_CONFIGS))
            rank = _per_config(lambda c: SearchRank(F("vector"), _tsquery(text, c)), FloatField())
        else:
            required, excluded = parse_terms(text)
            if not required:
                return self.none()
            match = reduce(operator.and_, (_contains(term) for term in required))
            for term in excluded:
                match &= ~_contains(term)
            rank = Case(
                When(title__icontains=required[0], then=Value(1.0)),
                When(context__icontains=required[0], then=Value(0.4)),
                default=Value(0.2),
                output_field=FloatField(),
            )
        limit = limit or settings.SEARCH_MAX_RESULTS
        # The candidates are read here, once: counting the hits and reading a page of them then rank at most `limit`
        # known rows, instead of each finding the matches again. Finding them is most of a search's time: a phrase
        # is checked against the stored vector of every entry that holds its words (docs/PERFORMANCE.md).
        candidates = list(self.filter(match).order_by(*newest_first()).values_list("pk", flat=True)[:limit])
        best = Window(RowNumber(), partition_by=[F("kind"), F("object_id")], order_by=[F("rank").desc(), F("pk")])
        ranked = self.model._default_manager.using(self.db).filter(pk__in=candidates).annotate(rank=rank)
        return ranked.annotate(nth=best).filter(nth=1).order_by("-rank", "kind", "object_id").for_listing()

    def for_listing(self):
        """Leave out the large columns a list of hits does not show (the snippet is fetched for one page only)."""
        return self.defer("text", "vector")


class SearchEntry(models.Model):
    kind = models.CharField(_("type"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("record"))
    language = models.CharField(_("language"), max_length=5)
    config = models.CharField(_("text-search configuration"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    context = models.CharField(_("context"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300)
    file_url = models.CharField(_("file link"), max_length=300, blank=True)
    body = models.CharField(_("meeting body"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    countries = models.CharField(
        _("countries"), max_length=300, blank=True, help_text=_("ISO codes between spaces: ' KZ IN '.")
    )
    vector = SearchVectorField(null=True, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["kind", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "language"], name="searchentry_one_per_language")
        ]
        indexes = [
            GinIndexOnPostgreSQL(fields=["vector"], name="searchentry_vector_gin"),
            models.Index(*newest_first(), name="searchentry_newest_first"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} [{self.language}]: {self.title}"

    @property
    def kind_label(self):
        from .sources import label_of

        return label_of(self.kind)

    @staticmethod
    def vector_expression():
        """The weighted vector of an entry, computed by the database from its own columns and configuration."""
        config = F("config")
        return (
            SearchVector("title", weight="A", config=config)
            + SearchVector("context", weight="B", config=config)
            + SearchVector("text", weight="C", config=config)
        )


def _marked(text):
    """HTML-escaped text with the matches ts_headline (or the fallback) marked between START and STOP."""
    return mark_safe(escape(text or "").replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped


def _mark_terms(text, terms, limit=None):
    """The fallback's highlighting: the first match of any term with some words around it, every match marked."""
    text = text or ""
    lowered = text.lower()
    found = [lowered.find(term.lower()) for term in terms if term and term.lower() in lowered]
    if limit is not None:
        first = min(found) if found else 0
        start = max(first - limit // 3, 0)
        text = ("… " if start else "") + text[start : start + limit] + ("…" if start + limit < len(text) else "")
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
        text = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)
    return _marked(text)


def attach_snippets(entries, text, fulltext=None):
    """Set `snippet` and `title_marked` (safe HTML, matches in <mark>) on the entries of one page: one query."""
    entries = list(entries)
    if not entries:
        return entries
    using = entries[0]._state.db or "default"
    if fulltext_available(using) if fulltext is None else fulltext:

        def headline(field, config, **options):
            return SearchHeadline(
                field, _tsquery(text, config), config=config, start_sel=START, stop_sel=STOP, **options
            )

        rows = SearchEntry.objects.using(using).filter(pk__in=[e.pk for e in entries])
        rows = rows.annotate(
            snippet=_per_config(
                lambda c: headline("text", c, max_fragments=2, max_words=30, min_words=12, fragment_delimiter=" … "),
                models.TextField(),
            ),
            title_marked=_per_config(lambda c: headline("title", c, highlight_all=True), models.TextField()),
        )
        found = {pk: (snippet, title) for pk, snippet, title in rows.values_list("pk", "snippet", "title_marked")}
        for entry in entries:
            snippet, title = found.get(entry.pk, ("", entry.title))
            entry.snippet, entry.title_marked = _marked(snippet), _marked(title)
    else:
        required, _excluded = parse_terms(text)
        texts = dict(SearchEntry.objects.using(using).filter(pk__in=[e.pk for e in entries]).values_list("pk", "text"))
        for entry in entries:
            entry.snippet = _mark_terms(texts.get(entry.pk, ""), required, SNIPPET_CHARS)
            entry.title_marked = _mark_terms(entry.title, required)
    return entries


class FileStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be read")
    EXTRACTED = "extracted", _("text extracted")
    EMPTY = "empty", _("no text in the file (a scan?)")
    UNREADABLE = "unreadable", _("could not be read")
    UNSUPPORTED = "unsupported", _("no text to read in this kind of file")


class FileText(models.Model):
    """The text of an uploaded file (a document's language version, a report's attachment), read after upload."""

    model = models.CharField(_("file of"), max_length=100, help_text=_("app_label.model of the row with the file."))
    object_id = models.PositiveBigIntegerField(_("row"))
    file_name = models.CharField(_("file"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=FileStatus.choices, default=FileStatus.PENDING, db_index=True
    )
    text = models.TextField(_("text"), blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    extracted_at = models.DateTimeField(_("read at"), null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("text of a file")
        verbose_name_plural = _("texts of files")
        ordering = ["-updated"]
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="filetext_one_per_file")]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
