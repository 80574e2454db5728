"""What the dashboard shows a national focal point: its state's delegations and the meetings open for nomination
(three queries, whatever the number of rows)."""

from .models import Delegation, Registration


def for_focal_point(user):
    """{"open_registrations", "delegations"} for a focal point; empty for anyone else."""
    if not getattr(user, "acts_for_focal_point", False):
        return {}
    delegations = list(
        Delegation.objects.acting_for(user)
        .select_related("meeting__body", "country", "partner")
        .order_by("-meeting__start_on", "pk")[:20]
    )
    nominated = {d.meeting_id for d in delegations}
    registrations = Registration.objects.open().for_user(user).select_related("meeting__body").order_by("deadline")
    return {
        "open_registrations": [r for r in registrations if r.meeting_id not in nominated],
        "own_delegations": delegations,
    }
