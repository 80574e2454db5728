"""Pages of a list: numbered pages for people, keyset (cursor) pages for sync clients.

`?page=N&page_size=M` (M up to 200) answers with a count and numbered links. A client that syncs asks for
`?pagination=cursor` (typically with `updated_since=`), and then follows `next` (which carries `?cursor=`): rows come
in the order they changed, (updated, id), read through the index on `updated`, so page 10,000 costs what page 1
costs and nothing counts the whole table. Rows changed during a sync show up again further on, never get lost.
"""

from django.core.exceptions import FieldDoesNotExist
from rest_framework.pagination import CursorPagination, PageNumberPagination

from core.paging import CountCachingPaginator

CURSOR = "cursor"


def cursor_ordering(view):
    """The keyset a view's rows are paged by, or None when it has none: a view's own `cursor_ordering`, else
    (updated, id) for a model with `updated` (indexed on every time-stamped model)."""
    if hasattr(view, "cursor_ordering"):
        return view.cursor_ordering
    queryset = getattr(view, "queryset", None)
    if queryset is None:
        return None
    try:
        queryset.model._meta.get_field("updated")
    except FieldDoesNotExist:
        return None
    return ("updated", "id")


class KeysetPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = CURSOR

    def get_ordering(self, request, queryset, view):
        return cursor_ordering(view)


class StandardPagination(PageNumberPagination):
    """Numbered pages by default; keyset pages when asked for with `pagination=cursor` or a `cursor`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = CountCachingPaginator
    keyset = None
    # Every query parameter either kind of page reads (the lists refuse any other that is not a filter).
    query_parameters = ("page", "page_size", "pagination", CURSOR)

    @staticmethod
    def wants_cursor(request, view):
        asked = request.query_params.get("pagination") == CURSOR or CURSOR in request.query_params
        return asked and cursor_ordering(view) is not None

    def paginate_queryset(self, queryset, request, view=None):
        if self.wants_cursor(request, view):
            self.keyset = KeysetPagination()
            return self.keyset.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset is not None:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        if cursor_ordering(view) is None:
            return parameters
        return [
            *parameters,
            {
                "name": "pagination",
                "required": False,
                "in": "query",
                "description": "`cursor` for keyset pages in the order rows changed (for sync clients, with "
                "updated_since): no count, follow `next` until it is null.",
                "schema": {"type": "string", "enum": [CURSOR]},
            },
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": "The position of a keyset page, as given in `next` / `previous`.",
                "schema": {"type": "string"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["results"]  # keyset pages have no count
        response["properties"]["count"]["description"] = "The number of rows; numbered pages only."
        return response
