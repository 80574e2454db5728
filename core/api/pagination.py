"""Pages of a list: numbered pages for people, keyset (cursor) pages for sync clients.

`?page=N&page_size=M` (M up to 200) answers with a count and numbered links. A client that syncs asks for
`?pagination=cursor` (typically with `updated_since=`), and then follows `next` (which carries `?cursor=`): rows come
in the order they changed, (updated, id), read through the index on `updated`, so page 10,000 costs what page 1
costs and nothing counts the whole table. Rows changed during a sync show up again further on, never get lost.
"""

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from core.paging import CountCachingPaginator, count_key

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

    def paginate_queryset(self, queryset, request, view=None, read=None):
        """The page's rows. `read(queryset)` turns the page's (sliced) queryset into the rows it returns (a list's
        row plan reads values, core.api.rows); without it, model instances."""
        if self.wants_cursor(request, view):
            self.keyset = KeysetPagination()
            return self.keyset.paginate_queryset(read(queryset) if read else queryset, request, view)
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        name = f"api:{type(view).__module__}.{type(view).__qualname__}" if view is not None else None
        paginator = self.django_paginator_class(
            queryset, page_size, count_key=count_key(request, name) if name else None
        )
        page_number = self.get_page_number(request, paginator)
        self.refuse_deep(page_number, page_size, request, view)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message.format(page_number=page_number, message=str(exc))) from exc
        if read is not None:
            self.page.object_list = list(read(self.page.object_list))
        return list(self.page)

    # Numbered pages go this many rows deep: OFFSET reads and drops every row before the page (page 10,000 of a
    # million rows took 2 s); keyset pages (`pagination=cursor`) cost the same at any depth.
    max_offset = 10_000

    def refuse_deep(self, page_number, page_size, request, view):
        try:
            number = int(page_number)
        except (TypeError, ValueError):
            return  # "last", or not a number: Django's paginator answers (the last page may still be too deep)
        if (number - 1) * page_size < self.max_offset:
            return
        if cursor_ordering(view):
            hint = _("use pagination=cursor and follow `next`")
        else:
            hint = _("narrow the list with filters")
        raise ValidationError(
            {
                self.page_query_param: [
                    _("Numbered pages reach the first %(rows)s rows; to read further, %(hint)s.")
                    % {"rows": f"{self.max_offset:,}", "hint": hint}
                ]
            }
        )

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
