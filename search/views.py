"""The portal's search page: every kind of record, one box, hits with a highlighted snippet."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.views.generic import ObjectListView

from .filters import SearchEntryFilterSet
from .models import SearchEntry, attach_snippets


class SearchView(ObjectListView):
    model = SearchEntry
    filterset_class = SearchEntryFilterSet
    template_name = "search/search.html"
    results_template = "search/includes/results.html"
    table_template = "search/includes/hits.html"
    paginate_by = 20
    title = _("Search")
    exportable = False  # hits of many kinds: each kind has its own list to download

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()
        queryset = super().get_queryset()
        if not self.query:
            # An empty box is a page to start from, not an error.
            self.filterset.form.errors.pop("q", None)
            return queryset.none()
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.query:
            context["object_list"] = attach_snippets(context["object_list"], self.query)
        context.update(query=self.query, search_limit=settings.SEARCH_MAX_RESULTS)
        return context
