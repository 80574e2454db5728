"""The workflows of lists of speakers, inscriptions and statements (registered from SpeakersConfig.ready()).

list of speakers  open --close--> closed --reopen--> open
inscription       inscribed --mark_spoke--> spoke;  inscribed --mark_not_spoken--> did not speak
                  spoke | did not speak --reinstate--> inscribed          (a correction)
statement         submitted --publish--> published --unpublish--> submitted
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.workflows import Transition, Workflow, register

from .choices import InscriptionStatus, ListStatus, StatementStatus
from .models import Inscription, SpeakersList, Statement

L = ListStatus
LIST_WORKFLOW = register(
    SpeakersList,
    Workflow(
        states=L,
        initial=[L.OPEN],
        noun=gettext_lazy("list of speakers"),
        transitions=[
            Transition("close", (L.OPEN,), L.CLOSED, gettext_lazy("Close the list"), "closed"),
            Transition("reopen", (L.CLOSED,), L.OPEN, gettext_lazy("Reopen the list"), "reopened"),
        ],
    ),
)

I = InscriptionStatus  # noqa: E741 - the states' initial, as in the other workflows
INSCRIPTION_WORKFLOW = register(
    Inscription,
    Workflow(
        states=I,
        initial=[I.INSCRIBED],
        noun=gettext_lazy("inscription"),
        transitions=[
            Transition("mark_spoke", (I.INSCRIBED,), I.SPOKE, gettext_lazy("Mark spoke"), "spoke"),
            Transition(
                "mark_not_spoken", (I.INSCRIBED,), I.DID_NOT_SPEAK, gettext_lazy("Mark did not speak"), "passed"
            ),
            Transition(
                "reinstate", (I.SPOKE, I.DID_NOT_SPEAK), I.INSCRIBED, gettext_lazy("Back on the list"), "reinstated"
            ),
        ],
    ),
)


def _stamp_published(statement, user, data):
    """The time of publication."""
    statement.published_at = timezone.now()
    return ["published_at"]


def _clear_published(statement, user, data):
    """No publication time."""
    statement.published_at = None
    return ["published_at"]


S = StatementStatus
STATEMENT_WORKFLOW = register(
    Statement,
    Workflow(
        states=S,
        initial=[S.SUBMITTED],
        noun=pgettext_lazy("speakers", "statement"),
        transitions=[
            Transition(
                "publish",
                (S.SUBMITTED,),
                S.PUBLISHED,
                pgettext_lazy("speakers", "Publish"),
                "published",
                apply=_stamp_published,
            ),
            Transition(
                "unpublish",
                (S.PUBLISHED,),
                S.SUBMITTED,
                gettext_lazy("Withdraw from publication"),
                "unpublished",
                apply=_clear_published,
            ),
        ],
    ),
)
