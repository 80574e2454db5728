"""Numbered pages that do not count a big table on every request.

A page of a big list costs an index lookup; its count costs a scan of the whole (filtered) list, on every page. A
count of at least `cached_from` rows is therefore kept in the cache for `seconds`, per query (the SQL, with the
user's restriction and filters in it): the count and the number of pages may be that much behind, the rows never
are. Small counts are always fresh.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountCachingPaginator(Paginator):
    cached_from = 10_000
    seconds = 60

    @cached_property
    def count(self):
        try:
            sql = str(self.object_list.query)
        except (AttributeError, EmptyResultSet):  # not a queryset, or one that can match nothing: nothing worth caching
            return super().count
        key = "list-count:" + hashlib.sha256(sql.encode()).hexdigest()
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
