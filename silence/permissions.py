"""Who may see and answer silence procedures (registered with core.permissions from SilenceConfig.ready()).

- Staff see and change everything (the admin; the workflow says which steps).
- A user of a state (a focal point or a coordinator) sees the procedures that concern their state, once started,
  with every state's answer: who broke silence and why is known to every concerned state.
- A partner system (or a partner organization's focal point) sees a procedure when it may see its text.
- A focal point of a concerned state answers (breaks silence or joins consensus) while the procedure is open; the
  answer is written through the procedure's steps (silence.services.respond), never changed afterwards.
- Who typed an answer (its account) is for staff and the answering state's own focal points: the answer is the
  state's, and a ministry's sign-in names are not other states' or partners' to read.
"""

from django.db.models import Q

from core.permissions import NOTHING, Rule, is_focal_point, is_staff, register, restrict
from secretariat.models import Decision, Document

from .choices import SilenceStatus
from .models import SilenceNotice, SilenceProcedure, SilenceResponse


def sees_who_answered(user, response):
    """May `user` read which account gave `response`?"""
    if user is None or not user.is_authenticated:
        return False
    return is_staff(user) or (is_focal_point(user) and user.country_id == response.country_id)


def _procedure_view(user):
    started = ~Q(status=SilenceStatus.DRAFT)
    if user.country_id:
        return started & Q(states=user.country_id)
    texts = Q(decision__in=restrict(Decision.objects.all(), user)) | Q(
        document__in=restrict(Document.objects.all(), user)
    )
    return started & texts


def _response_view(user):
    return Q(procedure__in=restrict(SilenceProcedure.objects.all(), user))


def _response_add(user):
    if not (is_focal_point(user) and user.country_id):
        return NOTHING
    return Q(country=user.country_id, procedure__states=user.country_id)


def _open_to_my_state(user):
    if not (is_focal_point(user) and user.country_id):
        return NOTHING
    return Q(states=user.country_id, status=SilenceStatus.RUNNING)


def _notice_view(user):
    return Q(recipient=user.pk)


register(SilenceProcedure, Rule(view=_procedure_view))
register(
    SilenceResponse,
    Rule(view=_response_view, add=_response_add, add_under=_open_to_my_state, acts=is_focal_point),
)
register(SilenceNotice, Rule(view=_notice_view))
