from drf_spectacular.utils import extend_schema
from rest_framework import generics

from core.api.permissions import ModelPermission
from core.api.renderers import CSVRenderer
from core.permissions import VIEW, restrict

from ..filters import SearchEntryFilterSet
from ..models import SearchEntry, attach_snippets
from .serializers import SearchHitSerializer


@extend_schema(
    summary="Search every kind of record",
    description=(
        "Measures, action plans, activities, implementation reports, meetings, agenda items, decisions, documents "
        "(titles and the text of their files, every language version), agreements, partners, legal instruments and "
        "initiatives, in English and Russian. `q` takes web-search syntax: words (any word form: `measures` finds "
        '"measure", `мерами` finds "меры"), `"a quoted phrase"`, `-excluded`, `or`. Best matches first, one hit '
        "per record; only records the caller may see. A query matching more than 1,000 records (`count` stops there) "
        "ranks the newest 1,000: add words or filters to narrow it."
    ),
)
class SearchView(generics.ListAPIView):
    permission_classes = [ModelPermission]
    renderer_classes = [*generics.ListAPIView.renderer_classes, CSVRenderer]  # hits also as `?format=csv`
    serializer_class = SearchHitSerializer
    filterset_class = SearchEntryFilterSet
    cursor_ordering = None  # hits come by relevance: numbered pages only

    def get_queryset(self):
        return restrict(SearchEntry.objects.all(), self.request.user, VIEW)

    def permission_target(self, request):
        return SearchEntry, VIEW

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return attach_snippets(page, self.request.query_params.get("q", "")) if page is not None else None
