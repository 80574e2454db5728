"""The chairmanship's workflows: amendments of legal instruments and initiatives (registered from
ChairmanshipConfig.ready()).

    amendment   proposed --consider--> under consideration --adopt / reject--> adopted / rejected
                proposed | under consideration --withdraw--> withdrawn
    initiative  proposed --discuss--> under discussion;  proposed | under discussion | stalled --start--> in progress
                under discussion | in progress --achieve (100%)--> achieved;  in progress --stall--> stalled
                proposed | under discussion | in progress | stalled --drop--> dropped
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.workflows import Transition, Workflow, fully_done, record_progress, register

from .choices import AmendmentStatus, InitiativeStatus
from .models import Amendment, Initiative


def _stamp_decision(amendment, user, data):
    """The date of the decision (today unless given)."""
    amendment.decided_on = data.get("decided_on") or timezone.localdate()
    return ["decided_on"]


AM = AmendmentStatus
AMENDMENT_WORKFLOW = register(
    Amendment,
    Workflow(
        states=AM,
        initial=[AM.PROPOSED],
        noun=gettext_lazy("amendment"),
        transitions=[
            Transition("consider", (AM.PROPOSED,), AM.UNDER_CONSIDERATION, gettext_lazy("Consider"), "considered"),
            Transition(
                "adopt",
                (AM.UNDER_CONSIDERATION,),
                AM.ADOPTED,
                gettext_lazy("Adopt"),
                "adopted",
                apply=_stamp_decision,
                inputs=("decided_on",),
            ),
            Transition(
                "reject",
                (AM.UNDER_CONSIDERATION,),
                AM.REJECTED,
                gettext_lazy("Reject"),
                "rejected",
                apply=_stamp_decision,
                inputs=("decided_on",),
            ),
            Transition(
                "withdraw",
                (AM.PROPOSED, AM.UNDER_CONSIDERATION),
                AM.WITHDRAWN,
                gettext_lazy("Withdraw"),
                "withdrawn",
                destructive=True,
            ),
        ],
    ),
)


IN = InitiativeStatus
INITIATIVE_WORKFLOW = register(
    Initiative,
    Workflow(
        states=IN,
        initial=[IN.PROPOSED],
        noun=gettext_lazy("initiative"),
        transitions=[
            Transition("discuss", (IN.PROPOSED,), IN.UNDER_DISCUSSION, gettext_lazy("Discuss"), "discussed"),
            Transition(
                "start",
                (IN.PROPOSED, IN.UNDER_DISCUSSION, IN.STALLED),
                IN.IN_PROGRESS,
                gettext_lazy("Start"),
                "started",
            ),
            Transition(
                "achieve",
                (IN.UNDER_DISCUSSION, IN.IN_PROGRESS),
                IN.ACHIEVED,
                gettext_lazy("Mark achieved"),
                "achieved",
                # xgettext:no-python-format
                check=fully_done(gettext_lazy("An achieved initiative is 100% done: set its progress to 100.")),
                apply=record_progress,
                inputs=("progress",),
            ),
            Transition("stall", (IN.IN_PROGRESS,), IN.STALLED, gettext_lazy("Mark stalled"), "stalled"),
            Transition(
                "drop",
                (IN.PROPOSED, IN.UNDER_DISCUSSION, IN.IN_PROGRESS, IN.STALLED),
                IN.DROPPED,
                gettext_lazy("Drop"),
                "dropped",
                destructive=True,
            ),
        ],
    ),
)
