"""What a status value means at a glance: one tone per meaning, whatever model the value belongs to.

The admin's badges and the portal's badges both render `tone_of(value)` as the class `tone-<tone>`; the colours
of the six tones are defined once, in static/css/status.css, which both load.
"""

import zlib

from django.utils.html import format_html

SUCCESS, ACTIVE, PENDING, WARNING, DANGER, MUTED = "success", "active", "pending", "warning", "danger", "muted"

TONES = {
    # finished well
    "adopted": SUCCESS,
    "approved": SUCCESS,
    "accepted": SUCCESS,
    "completed": SUCCESS,
    "implemented": SUCCESS,
    "achieved": SUCCESS,
    "in_force": SUCCESS,
    "concluded": SUCCESS,
    "sent": SUCCESS,
    "delivered": SUCCESS,
    "ok": SUCCESS,
    "extracted": SUCCESS,
    "accredited": SUCCESS,
    "published": SUCCESS,  # a statement (speakers)
    "spoke": SUCCESS,  # an inscription on a list of speakers
    # moving
    "in_progress": ACTIVE,
    "convened": ACTIVE,
    "submitted": ACTIVE,
    "under_review": ACTIVE,
    "under_consideration": ACTIVE,
    "under_discussion": ACTIVE,
    "under_negotiation": ACTIVE,
    "signed": ACTIVE,
    "referred": ACTIVE,
    "running": ACTIVE,
    "sending": ACTIVE,
    "inscribed": ACTIVE,  # waiting for the floor
    # not started
    "draft": PENDING,
    "proposed": PENDING,
    "planned": PENDING,
    "open": PENDING,
    "current": SUCCESS,
    "pending": PENDING,
    "closed": MUTED,  # a list of speakers no longer taking inscriptions
    "did_not_speak": MUTED,
    # needs attention
    "returned": WARNING,
    "postponed": WARNING,
    "stalled": WARNING,
    "carried_forward": WARNING,
    "due_soon": WARNING,
    "partial": WARNING,
    "empty": WARNING,
    # ended badly, or late
    "cancelled": DANGER,
    "rejected": DANGER,
    "not_adopted": DANGER,
    "dropped": DANGER,
    "expired": DANGER,
    "terminated": DANGER,
    "failed": DANGER,
    "overdue": DANGER,
    "unreadable": DANGER,
    # no longer current
    "superseded": MUTED,
    "retired": MUTED,
    "withdrawn": MUTED,
    "unsupported": MUTED,
    "skipped": MUTED,
}
_FALLBACK = (ACTIVE, PENDING, WARNING, MUTED)


def tone_of(value):
    """The tone of a status value; an unknown value still gets a stable tone of its own."""
    tone = TONES.get(str(value))
    if tone is None:
        tone = _FALLBACK[zlib.crc32(str(value).encode()) % len(_FALLBACK)]
    return tone


def badge(value, label):
    """A pill with readable text: the label carries the meaning, the tone only helps the eye."""
    return format_html('<span class="badge tone-{}" data-status="{}">{}</span>', tone_of(value), value, label)
