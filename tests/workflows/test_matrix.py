"""The workflow matrix, generated from the declarations (core.workflows.WORKFLOWS): for every workflow model, every
(from, to) pair of its states, every role and every door (API PATCH, API /transitions/, the admin's step buttons and
actions, the portal's step forms, the admin's history revert), a declared move that the role may take succeeds with
its side effects (the new status, one history entry naming who, the `transitioned` signal), and every other attempt
is refused with nothing changed. A transition added to a workflow is tested here without a new test.
"""

import datetime
import itertools
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import permissions
from core.signals import transitioned
from core.workflows import WORKFLOWS, importing
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

ROLES = ("staff", "coordinator", "other_coordinator", "partner", "anonymous")
FUTURE = timezone.localdate() + datetime.timedelta(days=400)


@pytest.fixture
def world(kazakhstan, india, officer, kz_coordinator, in_coordinator, partner_system):
    """Rows that every workflow record hangs on; Kazakhstan owns what it is built for."""
    swg = factories.MeetingBodyFactory(code="SWG", level=1)
    cso = factories.MeetingBodyFactory(code="CSO", level=2)
    swg.reports_to = cso
    with importing():
        swg.save()
    measure = factories.MeasureFactory()
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    swg_meeting = factories.MeetingFactory(body=swg, start_on=FUTURE, end_on=FUTURE)
    later = FUTURE + datetime.timedelta(days=30)
    factories.MeetingFactory(body=cso, start_on=later, end_on=later)
    users = {
        "staff": officer,
        "coordinator": kz_coordinator,
        "other_coordinator": in_coordinator,
        "partner": partner_system,
        "anonymous": None,
    }
    return SimpleNamespace(kz=kazakhstan, measure=measure, swg_meeting=swg_meeting, users=users)


# How to build a row of each workflow model in a given state, and what each step is given ------------------------


def _agreement(world, state):
    signed = state != "under_negotiation"
    return factories.AgreementFactory(
        status=state,
        signed_on=datetime.date(2021, 5, 20) if signed else None,
        entry_into_force_on=datetime.date(2021, 5, 20) if signed else None,
        expires_on=datetime.date(2024, 5, 20) if signed else None,
    )


BUILDERS = {
    "measures.implementationreport": lambda w, state: factories.ImplementationReportFactory(
        measure=w.measure, country=w.kz, status=state
    ),
    "measures.actionplan": lambda w, state: factories.ActionPlanFactory(
        measure=w.measure,
        status=state,
        approved_on=datetime.date(2021, 1, 5) if state in ("approved", "superseded") else None,
    ),
    "measures.measure": lambda w, state: factories.MeasureFactory(status=state),
    "secretariat.decision": lambda w, state: factories.DecisionFactory(
        meeting=w.swg_meeting, responsible_party="member_state", responsible_country=w.kz, status=state
    ),
    "secretariat.meeting": lambda w, state: factories.MeetingFactory(status=state),
    "secretariat.document": lambda w, state: factories.DocumentFactory(status=state),
    "relations.agreement": _agreement,
    "chairmanship.amendment": lambda w, state: factories.AmendmentFactory(
        status=state, decided_on=datetime.date(2021, 6, 2) if state in ("adopted", "rejected") else None
    ),
    "chairmanship.initiative": lambda w, state: factories.InitiativeFactory(status=state),
}

INPUTS = {
    ("measures.implementationreport", "return"): {"feedback": "Add the figures of the second quarter."},
    ("secretariat.decision", "implement"): {"progress": 100},
    ("relations.agreement", "sign"): {"signed_on": "2021-05-20"},
    ("relations.agreement", "renew"): {"expires_on": FUTURE.isoformat()},
    ("chairmanship.initiative", "achieve"): {"progress": 100},
}

API = {
    "measures.implementationreport": "reports",
    "measures.actionplan": "action-plans",
    "measures.measure": "measures",
    "secretariat.decision": "decisions",
    "secretariat.meeting": "meetings",
    "secretariat.document": "documents",
    "relations.agreement": "agreements",
}

PORTAL_STEPS = {
    "measures.implementationreport": "measures:report_step",
    "secretariat.decision": "secretariat:decision_step",
    "secretariat.meeting": "secretariat:meeting_step",
}


@dataclass
class Attempt:
    label: str
    source: str
    target: str
    role: str


def pairs(workflow):
    values = list(workflow.states.values)
    return [(a, b) for a, b in itertools.product(values, values) if a != b]


def expected(workflow, obj, target, user, door_open):
    """Succeeds only if declared from the row's state, allowed to the user, and the door lets the user act."""
    transition = workflow.between(workflow.state_of(obj), target)
    return bool(door_open and transition is not None and user is not None and transition.permits(user, obj))


class Recorder:
    """Counts `transitioned` signals, the side effect every listener (notifications, webhooks) hangs on."""

    def __init__(self):
        self.events = []

    def __call__(self, sender, instance, transition, **kwargs):
        self.events.append((sender._meta.label_lower, instance.pk, transition))


@pytest.fixture
def recorder():
    recorder = Recorder()
    transitioned.connect(recorder)
    yield recorder
    transitioned.disconnect(recorder)


def run_matrix(world, label, recorder, attempt_door):
    """Try every (source, target, role) through one door, each in a rolled-back savepoint; return the mismatches."""
    workflow = WORKFLOWS[label]
    model = workflow.model
    wrong = []
    for (source, target), role in itertools.product(pairs(workflow), ROLES):
        user = world.users[role]
        with transaction.atomic():
            obj = BUILDERS[label](world, source)
            history_before = obj.history.count()
            recorder.events.clear()
            door_open, answer = attempt_door(obj, source, target, role, user)
            if door_open is None:  # the door does not exist for this model
                transaction.set_rollback(True)
                continue
            stored = model._base_manager.get(pk=obj.pk)
            succeeded = workflow.state_of(stored) == target
            should = expected(workflow, obj, target, user, door_open)
            if succeeded != should:
                wrong.append(f"{label} {source}->{target} as {role}: {'done' if succeeded else 'refused'} ({answer})")
            elif succeeded:
                latest = stored.history.order_by("-history_date", "-history_id").first()
                if latest.history_user_id != user.pk or (label, obj.pk) not in [e[:2] for e in recorder.events]:
                    wrong.append(f"{label} {source}->{target} as {role}: step not recorded with who and signal")
            elif stored.history.count() != history_before or recorder.events:
                wrong.append(f"{label} {source}->{target} as {role}: refused but something was written")
            transaction.set_rollback(True)
    return wrong


def api_client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def may_change(user, obj):
    return user is not None and permissions.restrict(type(obj).objects.filter(pk=obj.pk), user, "change").exists()


LABELS = sorted(WORKFLOWS)


@pytest.mark.parametrize("label", LABELS)
def test_api_patch_of_the_status(world, recorder, label):
    def attempt(obj, source, target, role, user):
        if label not in API:
            return None, None
        declared = WORKFLOWS[label].between(source, target)
        payload = {"status": target, **(INPUTS.get((label, declared.name), {}) if declared else {})}
        door_open = may_change(user, obj)
        response = api_client(user).patch(f"/api/v1/{API[label]}/{obj.pk}/", payload, format="json")
        return door_open, response.status_code

    assert run_matrix(world, label, recorder, attempt) == []


@pytest.mark.parametrize("label", LABELS)
def test_api_transitions_endpoint(world, recorder, label):
    workflow = WORKFLOWS[label]

    def attempt(obj, source, target, role, user):
        if label not in API:
            return None, None
        declared = workflow.between(source, target)
        # A step not declared from this state is asked for by the name of one that leads to the target elsewhere.
        step = declared or next((t for t in workflow.transitions if t.target == target), None)
        if step is None:
            return None, None
        payload = {"transition": step.name, **INPUTS.get((label, step.name), {})}
        door_open = may_change(user, obj)
        response = api_client(user).post(f"/api/v1/{API[label]}/{obj.pk}/transitions/", payload, format="json")
        return door_open, response.status_code

    assert run_matrix(world, label, recorder, attempt) == []


@pytest.mark.parametrize("label", LABELS)
def test_admin_step_buttons(world, recorder, label):
    workflow = WORKFLOWS[label]
    model = workflow.model
    url_name = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"

    def attempt(obj, source, target, role, user):
        step = workflow.between(source, target) or next((t for t in workflow.transitions if t.target == target), None)
        if step is None:
            return None, None
        client = Client()
        if user is not None:
            sign_in(client, user)
        data = {"_workflow_step": step.name, "seen_version": obj.lock_version}
        data.update({f"{step.name}-{k}": v for k, v in INPUTS.get((label, step.name), {}).items()})
        response = client.post(reverse(url_name, args=[obj.pk]), data)
        return role == "staff", response.status_code

    assert run_matrix(world, label, recorder, attempt) == []


@pytest.mark.parametrize("label", LABELS)
def test_admin_list_actions(world, recorder, label):
    workflow = WORKFLOWS[label]
    model = workflow.model
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    def attempt(obj, source, target, role, user):
        declared = workflow.between(source, target)
        if declared is not None and declared.inputs:
            return None, None  # a step that asks for input has no list action
        step = declared or next((t for t in workflow.transitions if t.target == target and not t.inputs), None)
        if step is None:
            return None, None
        client = Client()
        if user is not None:
            sign_in(client, user)
        response = client.post(url, {"action": f"step_{step.name}", "_selected_action": [obj.pk]})
        return role == "staff", response.status_code

    assert run_matrix(world, label, recorder, attempt) == []


@pytest.mark.parametrize("label", LABELS)
def test_portal_step_forms(world, recorder, label):
    workflow = WORKFLOWS[label]

    def attempt(obj, source, target, role, user):
        step = workflow.between(source, target) or next((t for t in workflow.transitions if t.target == target), None)
        if label not in PORTAL_STEPS or step is None:
            return None, None
        try:
            url = reverse(PORTAL_STEPS[label], args=[obj.pk, step.name])
        except NoReverseMatch:
            return None, None
        client = Client()
        if user is not None:
            sign_in(client, user)
        data = {"seen_version": obj.lock_version}
        data.update({f"{step.name}-{k}": v for k, v in INPUTS.get((label, step.name), {}).items()})
        response = client.post(url, data)
        visible = user is not None and permissions.restrict(type(obj).objects.filter(pk=obj.pk), user).exists()
        return visible and role in ("staff", "coordinator", "other_coordinator"), response.status_code

    assert run_matrix(world, label, recorder, attempt) == []


def an_earlier_version_in(obj, field, state):
    """A history record of `obj` as it was before, in another state (as if it had been there once)."""
    latest = obj.history.latest()
    historical = type(latest)
    values = {f.attname: getattr(latest, f.attname) for f in historical._meta.concrete_fields if not f.primary_key}
    values.update({field: state, "history_date": latest.history_date - datetime.timedelta(days=1)})
    return historical.objects.create(**values)


@pytest.mark.parametrize("label", LABELS)
def test_admin_history_revert_never_moves_the_status(world, label, officer):
    """Reverting to a version in another state restores its content, never its status: a revert is not a step."""
    workflow = WORKFLOWS[label]
    model = workflow.model
    client = Client()
    sign_in(client, officer)
    moved = []
    for source, target in pairs(workflow):
        with transaction.atomic():
            obj = BUILDERS[label](world, target)
            version = an_earlier_version_in(obj, workflow.field, source)
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                args=[obj.pk, version.history_id],
            )
            form = client.get(url).context["adminform"].form
            data = {
                name: getattr(value, "pk", value)
                for name, value in (
                    (name, form.initial.get(name, field.initial)) for name, field in form.fields.items()
                )
                if value is not None and not isinstance(value, FieldFile | list | tuple)
            }
            client.post(url, data)
            if workflow.state_of(model._base_manager.get(pk=obj.pk)) != target:
                moved.append(f"{label}: a revert moved {target} back to {source}")
            transaction.set_rollback(True)
    assert moved == []
