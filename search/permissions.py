"""Who finds what: an entry is visible exactly when the record it stands for is (registered from SearchConfig.ready()).

No rule of its own: for each kind of record, the record's own rule (core.permissions.restrict, declared in its
app's permissions.py) decides, as a subquery. Kinds everyone may read cost no subquery.
"""

from django.db.models import Q

from core.permissions import VIEW, Rule, register, restrict

from .models import SearchEntry
from .sources import all_sources


def _entry_view(user):
    open_kinds, restricted = [], Q(pk__in=[])
    for source in all_sources():
        visible = restrict(source.model._default_manager.all(), user, VIEW)
        if visible.query.has_filters():
            restricted |= Q(kind=source.kind, object_id__in=visible.order_by().values("pk"))
        else:
            open_kinds.append(source.kind)
    return Q(kind__in=open_kinds) | restricted


register(SearchEntry, Rule(view=_entry_view))
