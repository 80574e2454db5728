"""A form saved from a copy that is no longer current never answers 5xx and never overwrites: every portal edit view,
posted after a colleague's save and after a workflow step moved the row on, answers the form again with a message
saying why (409), and nothing of the stale form is saved. The views are found from the URL configuration: a new edit
view without its row in EDIT_VIEWS fails here."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.views.generic import ObjectEditView
from measures.workflows import REPORT_WORKFLOW
from participation.workflows import DELEGATION_WORKFLOW
from secretariat.workflows import DECISION_WORKFLOW
from speakers.workflows import INSCRIPTION_WORKFLOW
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def edit_view_names():
    """The URL names of every portal view built on ObjectEditView."""
    found = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                if view is not None and issubclass(view, ObjectEditView) and pattern.name:
                    found.append(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return sorted(found)


def report(world):
    row = factories.ImplementationReportFactory(measure=world["kz_measure"], country=world["kz"])
    form = {"period_start": "2021-01-01", "period_end": "2021-06-30", "progress": 40, "narrative": "Mine."}
    return row, form, "narrative", lambda obj, user: REPORT_WORKFLOW.take(obj, user, "submit")


def activity(world):
    row = factories.ActivityFactory(action_plan=world["kz_plan"], title="Seminar", status="planned")
    form = {
        "title": "Mine.",
        "kind": row.kind,
        "start_on": row.start_on.isoformat(),
        "status": "planned",
        "progress": 0,
    }
    return row, form, "title", None  # an activity has no workflow: only a colleague's save can overtake a form


def decision(world):
    row = factories.DecisionFactory(
        meeting=world["meeting"], responsible_party="member_state", responsible_country=world["kz"]
    )
    form = {"progress": 40, "status": "open"}
    return row, form, "progress", lambda obj, user: DECISION_WORKFLOW.take(obj, user, "cancel")


def _kz_delegation(world):
    delegation = factories.DelegationFactory(meeting=world["meeting"], country=world["kz"])
    head = factories.ParticipantFactory(delegation=delegation, is_head=True, name="Askar Nurlanov")
    return delegation, head


def delegation(world):
    row, _head = _kz_delegation(world)
    # The form's one field is the letter of credentials: the colleague uploads a new one.
    letter = SimpleUploadedFile("signed-letter.pdf", factories._pdf_bytes("Signed letter"))
    form = {"credentials": letter}
    return row, form, "credentials", lambda obj, user: DELEGATION_WORKFLOW.take(obj, user, "submit")


def participant(world):
    _delegation, row = _kz_delegation(world)
    form = {"name": "Askar Nurlanov", "is_head": "on", "position": 0}
    return row, form, "name", None  # a participant has no workflow of its own: a colleague's save overtakes it


def inscription(world):
    item = factories.AgendaItemFactory(meeting=world["meeting"])
    row = factories.InscriptionFactory(
        speakers_list=factories.SpeakersListFactory(agenda_item=item), country=world["kz"]
    )
    form = {"speaker": "H.E. the Ambassador", "rank": "head_of_delegation"}
    return row, form, "speaker", lambda obj, user: INSCRIPTION_WORKFLOW.take(obj, user, "mark_spoke")


# url name -> how to build the row, the owner's form, the field it changes and a step that moves the row on.
EDIT_VIEWS = {
    "measures:report_edit": report,
    "measures:activity_edit": activity,
    "secretariat:decision_edit": decision,
    "participation:delegation_edit": delegation,
    "participation:participant_edit": participant,
    "speakers:inscription_edit": inscription,
}


@pytest.fixture
def world(kazakhstan, kz_coordinator):
    # Kazakhstan's coordinator also holds the focal point right (one person may be both): it edits the delegation.
    kz_coordinator.is_focal_point = True
    kz_coordinator.save()
    measure = factories.MeasureFactory()
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    return {
        "kz": kazakhstan,
        "kz_measure": measure,
        "kz_plan": factories.ActionPlanFactory(measure=measure),
        "meeting": factories.RegistrationFactory().meeting,  # nominations open
    }


def test_every_edit_view_is_covered():
    assert edit_view_names() == sorted(EDIT_VIEWS)


@pytest.mark.parametrize("url_name", sorted(EDIT_VIEWS))
def test_a_form_saved_after_a_colleagues_save_is_refused_with_the_form_again(world, kz_coordinator, url_name):
    row, form, field, _step = EDIT_VIEWS[url_name](world)
    url = reverse(url_name, args=[row.pk])
    mine = signed_in(kz_coordinator)
    seen = mine.get(url).context["form"]["seen_version"].value()
    colleague = factories.CoordinatorFactory(country=world["kz"], username="coord-kz-colleague", is_focal_point=True)
    assert signed_in(colleague).post(url, {**form, "seen_version": seen}).status_code == 302
    theirs = type(row).objects.get(pk=row.pk)

    answer = mine.post(url, {**form, field: form[field] if field != "progress" else 77, "seen_version": seen})

    assert answer.status_code == 409
    assert "coord-kz-colleague changed this" in answer.content.decode()
    assert type(row).objects.get(pk=row.pk).lock_version == theirs.lock_version  # nothing of mine saved


@pytest.mark.parametrize("url_name", sorted(EDIT_VIEWS))
def test_a_form_saved_after_a_step_moved_the_row_on_is_refused_with_the_form_again(
    world, kz_coordinator, officer, url_name
):
    row, form, _field, step = EDIT_VIEWS[url_name](world)
    if step is None:
        assert url_name in ("measures:activity_edit", "participation:participant_edit")  # no workflow of their own
        return
    url = reverse(url_name, args=[row.pk])
    mine = signed_in(kz_coordinator)
    seen = mine.get(url).context["form"]["seen_version"].value()
    moved = step(row, officer)

    answer = mine.post(url, {**form, "seen_version": seen})

    assert answer.status_code == 409
    assert "can no longer be changed" in answer.content.decode()
    stored = type(row).objects.get(pk=row.pk)
    assert (stored.lock_version, stored.status) == (moved.lock_version, moved.status)
