"""Numbered pages that do not count a big table on every request.

A page of a big list costs an index lookup; its count costs a scan of the whole (filtered) list, on every page
(`?q=workshop` over a million activities: 0.9 s to count, 6 ms to read the page). Two ways out:

- `BoundedCountPaginator` (the portal's lists, the admin's changelists) counts exactly up to `exact_up_to` rows and
  stops there: a longer list says "more than 10,000" and its pages go that deep, no deeper (OFFSET reads and drops
  every row before a page). Counting up to 10,001 rows costs milliseconds.
- `CountCachingPaginator` (the API, whose `count` is a number clients read) keeps a count of at least
  `cached_from` rows in the cache for `seconds`, per list as the reader asked for it: the count and the number of
  pages may be that much behind, the rows never are. Small counts are always fresh.

The list is named by `count_key`, which the views make from the address without its page and from the reader
(whose permissions choose the rows), see `count_key()`; without one, by the SQL of the query (compiling it costs
about as much as reading a page of 50 rows).
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Query parameters that choose a page or a format, not rows.
NOT_ROWS = frozenset({"page", "page_size", "format", "export"})


def count_key(request, view_name):
    """The key of the count of the rows a list `view_name` shows this request's reader with its filters."""
    params = sorted((name, value) for name, values in request.GET.lists() if name not in NOT_ROWS for value in values)
    user = getattr(request, "user", None)
    reader = user.pk if user is not None and user.is_authenticated else None
    return f"{view_name}|{reader}|{params!r}"


class BoundedCountPaginator(Paginator):
    exact_up_to = 10_000

    @cached_property
    def count(self):
        """The number of rows, or `exact_up_to + 1` for a longer list (`count_is_exact` is then False)."""
        try:
            rows = self.object_list.order_by()  # any rows will do: the count does not need the order
        except AttributeError:  # not a queryset
            return super().count
        return rows[: self.exact_up_to + 1].count()

    @property
    def count_is_exact(self):
        return self.count <= self.exact_up_to


class CountCachingPaginator(Paginator):
    cached_from = 10_000
    seconds = 60

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        name = self.count_key
        if name is None:
            try:
                name = str(self.object_list.query)
            except (AttributeError, EmptyResultSet):  # not a queryset, or one that can match nothing
                return super().count
        key = "list-count:" + hashlib.sha256(name.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return cached
        count = super().count
        if count >= self.cached_from:
            cache.set(key, count, self.seconds)
        return count

    def page(self, number):
        """A page of up to per_page rows, not cut at the count (which may be behind: the rows never are)."""
        if self.orphans:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
