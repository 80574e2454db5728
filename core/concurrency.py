"""Optimistic concurrency: every DomainModel row carries a `lock_version`, raised by one on every save.

A door that saves what a person saw (a portal or admin form, an API PATCH with If-Match, a workflow step) passes the
version of that copy to `lock_fresh()`: the row is locked and re-read, and if someone saved it meanwhile the save is
refused with `StaleObject`, which says who changed what, instead of silently overwriting their work.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleObject(ValidationError):
    """The row changed after the copy being saved was read."""

    def __init__(self, current, changes=()):
        self.current = current
        self.changes = list(changes)
        what = current._meta.verbose_name
        if self.changes:
            who = self.changes[0]["who"] or _("someone")
            listed = "; ".join(f"{c['field']}: {c['value']}" for c in self.changes)
            message = _(
                "%(who)s changed this %(what)s after you opened it (%(fields)s). Nothing of yours was saved: "
                "check their changes and save yours again."
            ) % {"who": who, "what": what, "fields": listed}
        else:
            message = _(
                "Someone changed this %(what)s after you opened it. Nothing of yours was saved: reload it, check "
                "their changes and save yours again."
            ) % {"what": what}
        super().__init__(message, code="stale")


def changes_since(current, version):
    """What was changed in `current` since `version`, by whom: [{"field", "value", "who"}] (from its history)."""
    history = getattr(current, "history", None)
    if history is None:
        return []
    seen = history.filter(lock_version=version).order_by("-history_date").first()
    latest = history.order_by("-history_date", "-history_id").first()
    if seen is None or latest is None:
        return []
    delta = latest.diff_against(seen)
    who = str(latest.history_user) if latest.history_user_id else None
    return [
        {"field": str(current._meta.get_field(change.field).verbose_name), "value": change.new, "who": who}
        for change in delta.changes
        if change.field not in ("updated", "lock_version")
    ]


def lock_fresh(obj, version=None):
    """Lock `obj`'s row (inside the caller's transaction) and return it as stored; refuse a stale `version`."""
    current = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    if version is not None and str(current.lock_version) != str(version):
        raise StaleObject(current, changes_since(current, version))
    return current
