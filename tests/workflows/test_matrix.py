"""The workflow matrix: for every workflow model, every (from, to) pair of its states (and every step that stays in
its state, such as renewing an agreement or breaking silence: done when it left its history entry), every role and
every door (API PATCH, API /transitions/, the admin's step buttons and list actions, the portal's step buttons and
the forms that take steps: a report saved with "Submit", the decision's progress form), a move that the table below
allows the role succeeds with its side effects (the new status, one history entry naming who, the `transitioned`
signal), and every other attempt is refused with nothing changed and no 5xx.

The expectations are the table WHO, written from the specification, not computed by the code under test; the doors
are the table DOORS. A step declared in a workflow but missing from WHO, a workflow missing from DOORS, or a door
that makes no attempt at a step it should take, fails.
"""

import contextvars
import datetime
import itertools
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.signals import transitioned
from core.workflows import WORKFLOWS, importing
from measures.models import ImplementationReport
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

ROLES = ("staff", "coordinator", "other_coordinator", "partner", "anonymous", "focal_point")
FUTURE = timezone.localdate() + datetime.timedelta(days=400)


@pytest.fixture
def world(kazakhstan, india, officer, kz_coordinator, in_coordinator, partner_system, kz_focal_point):
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
        "focal_point": kz_focal_point,  # Kazakhstan's national focal point (not a coordinator)
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
    "participation.delegation": lambda w, state: _delegation(w, state),
    "speakers.speakerslist": lambda w, state: factories.SpeakersListFactory(status=state),
    "speakers.inscription": lambda w, state: factories.InscriptionFactory(country=w.kz, status=state),
    "speakers.statement": lambda w, state: factories.StatementFactory(country=w.kz, status=state),
    # Before its expiry (a day ahead), concerning Kazakhstan: what staff may start, extend or withdraw.
    "silence.silenceprocedure": lambda w, state: factories.SilenceProcedureFactory(status=state, states=[w.kz]),
}


def _delegation(world, state):
    """Kazakhstan's delegation to the SWG meeting (nominations open), complete: a head and a credentials letter."""
    note = "Sign the letter of credentials." if state == "returned" else ""
    delegation = factories.DelegationFactory(
        meeting=world.swg_meeting, country=world.kz, status=state, return_note=note
    )
    factories.ParticipantFactory(delegation=delegation, is_head=True)
    return delegation


INPUTS = {
    ("measures.implementationreport", "return"): {"feedback": "Add the figures of the second quarter."},
    ("secretariat.decision", "implement"): {"progress": 100},
    ("relations.agreement", "sign"): {"signed_on": "2021-05-20"},
    ("relations.agreement", "renew"): {"expires_on": FUTURE.isoformat()},
    ("silence.silenceprocedure", "extend"): {"expires_at": (timezone.now() + datetime.timedelta(days=3)).isoformat()},
    ("silence.silenceprocedure", "break"): {"kind": "objection", "text": "Paragraph 2 prejudges the outcome."},
    ("chairmanship.initiative", "achieve"): {"progress": 100},
    ("participation.delegation", "return"): {"return_note": "Sign the letter of credentials."},
}

API = {
    "measures.implementationreport": "reports",
    "measures.actionplan": "action-plans",
    "measures.measure": "measures",
    "secretariat.decision": "decisions",
    "secretariat.meeting": "meetings",
    "secretariat.document": "documents",
    "relations.agreement": "agreements",
    "participation.delegation": "delegations",
    "speakers.speakerslist": "speakers-lists",
    "speakers.inscription": "inscriptions",
    "speakers.statement": "statements",
    "silence.silenceprocedure": "silence-procedures",
}

# Who may take which step, from the specification (the README's "Workflows" and docs/workflows.md), written out
# here and never read from the declarations under test: step -> (from states, to state, the roles that may take it).
# "coordinator" is Kazakhstan's, for whom the world's rows are built (its report, the decision it must implement).
STAFF = {"staff"}
OWNER = {"staff", "coordinator"}
FOCAL_POINT = {"focal_point"}  # a focal point of a state the record concerns
NOBODY = set()  # a step only a job takes
WHO = {
    "measures.implementationreport": {
        "submit": (("draft", "returned"), "submitted", OWNER),
        "accept": (("submitted",), "accepted", STAFF),
        "return": (("submitted",), "returned", STAFF),
    },
    "measures.actionplan": {
        "send_for_review": (("draft",), "under_review", STAFF),
        "back_to_draft": (("under_review",), "draft", STAFF),
        "approve": (("draft", "under_review"), "approved", STAFF),
        "supersede": (("approved",), "superseded", STAFF),
    },
    "measures.measure": {
        "consider": (("proposed",), "under_consideration", STAFF),
        "send_back": (("under_consideration",), "proposed", STAFF),
        "adopt": (("under_consideration",), "adopted", STAFF),
        "retire": (("adopted",), "retired", STAFF),
    },
    "secretariat.decision": {
        "start": (("open",), "in_progress", OWNER),
        "implement": (("open", "in_progress"), "implemented", OWNER),
        "reopen": (("implemented",), "in_progress", STAFF),
        "refer": (("open", "in_progress"), "referred", STAFF),
        "cancel": (("open", "in_progress"), "cancelled", STAFF),
        "supersede": (("open", "in_progress", "implemented"), "superseded", STAFF),
    },
    "secretariat.meeting": {
        "convene": (("planned",), "convened", STAFF),
        "conclude": (("planned", "convened"), "concluded", STAFF),
        "cancel": (("planned", "convened"), "cancelled", STAFF),
    },
    "secretariat.document": {
        "supersede": (("current",), "superseded", STAFF),
    },
    "relations.agreement": {
        "sign": (("under_negotiation",), "signed", STAFF),
        "enter_into_force": (("signed",), "in_force", STAFF),
        "renew": (("in_force", "expired"), "in_force", STAFF),
        "expire": (("signed", "in_force"), "expired", STAFF),
        "terminate": (("signed", "in_force"), "terminated", STAFF),
    },
    "chairmanship.amendment": {
        "consider": (("proposed",), "under_consideration", STAFF),
        "adopt": (("under_consideration",), "adopted", STAFF),
        "reject": (("under_consideration",), "rejected", STAFF),
        "withdraw": (("proposed", "under_consideration"), "withdrawn", STAFF),
    },
    "chairmanship.initiative": {
        "discuss": (("proposed",), "under_discussion", STAFF),
        "start": (("proposed", "under_discussion", "stalled"), "in_progress", STAFF),
        "achieve": (("under_discussion", "in_progress"), "achieved", STAFF),
        "stall": (("in_progress",), "stalled", STAFF),
        "drop": (("proposed", "under_discussion", "in_progress", "stalled"), "dropped", STAFF),
    },
    # A state's delegation: its national focal point submits it (not its coordinators), staff accredit or return it.
    "participation.delegation": {
        "submit": (("draft", "returned"), "submitted", {"staff", "focal_point"}),
        "accredit": (("submitted",), "accredited", STAFF),
        "return": (("submitted", "accredited"), "returned", STAFF),
    },
    # Issue 21: staff close and reopen a list of speakers, mark who spoke, publish statements.
    "speakers.speakerslist": {
        "close": (("open",), "closed", STAFF),
        "reopen": (("closed",), "open", STAFF),
    },
    "speakers.inscription": {
        "mark_spoke": (("inscribed",), "spoke", STAFF),
        "mark_not_spoken": (("inscribed",), "did_not_speak", STAFF),
        "reinstate": (("spoke", "did_not_speak"), "inscribed", STAFF),
    },
    "speakers.statement": {
        "publish": (("submitted",), "published", STAFF),
        "unpublish": (("published",), "submitted", STAFF),
    },
    # Only the clock concludes (at expiry: adopted, or not adopted when a state broke silence), through no door.
    # Breaking silence and joining consensus are a focal point's, extending is staff's: steps that stay "running"
    # (not pairs of this matrix; tested in tests/silence).
    "silence.silenceprocedure": {
        "start": (("draft",), "running", STAFF),
        "break": (("running",), "running", FOCAL_POINT),
        "join_consensus": (("running",), "running", FOCAL_POINT),
        "extend": (("running",), "running", STAFF),
        "adopt": (("running",), "adopted", NOBODY),
        "not_adopt": (("running",), "not_adopted", NOBODY),
        "withdraw": (("draft", "running"), "withdrawn", STAFF),
    },
}

# The doors each workflow record has (every one must make an attempt for each step it can take).
EVERY_RECORD = ("admin_button", "admin_action")
API_DOORS = ("api_patch", "api_transitions")
DOORS = {
    "measures.implementationreport": (
        *EVERY_RECORD,
        *API_DOORS,
        "portal_step",
        "portal_submit_button",
        "portal_report_form",
    ),
    "measures.actionplan": (*EVERY_RECORD, *API_DOORS),
    "measures.measure": (*EVERY_RECORD, *API_DOORS),
    "secretariat.decision": (*EVERY_RECORD, *API_DOORS, "portal_step", "portal_decision_form"),
    "secretariat.meeting": (*EVERY_RECORD, *API_DOORS, "portal_step"),
    "secretariat.document": (*EVERY_RECORD, *API_DOORS),
    "relations.agreement": (*EVERY_RECORD, *API_DOORS),
    "chairmanship.amendment": EVERY_RECORD,
    "chairmanship.initiative": EVERY_RECORD,
    "participation.delegation": (*EVERY_RECORD, *API_DOORS, "portal_step"),
    "speakers.speakerslist": (*EVERY_RECORD, *API_DOORS, "portal_step"),
    "speakers.inscription": (*EVERY_RECORD, *API_DOORS),
    "speakers.statement": (*EVERY_RECORD, *API_DOORS),
    "silence.silenceprocedure": (*EVERY_RECORD, *API_DOORS),
}

PORTAL_STEPS = {
    "measures.implementationreport": "measures:report_step",
    "secretariat.decision": "secretariat:decision_step",
    "secretariat.meeting": "secretariat:meeting_step",
    "participation.delegation": "participation:delegation_step",
    "speakers.speakerslist": "speakers:list_step",
}
ADMIN_ONLY = ("admin_button", "admin_action")


def expected(label, door, source, target, role):
    """Succeeds only if the table has a step from `source` to `target` that `role` may take, through a door that
    lets the role in (the admin is the Secretariat's)."""
    if door in ADMIN_ONLY and role != "staff":
        return False
    return any(source in sources and target == to and role in roles for sources, to, roles in WHO[label].values())


def test_the_table_names_every_declared_step_and_every_workflow_has_its_doors():
    """A step added to (or changed in) a workflow without its row here fails: the matrix cannot miss it."""
    assert set(WHO) == set(WORKFLOWS) == set(DOORS)
    for label, workflow in WORKFLOWS.items():
        declared = {t.name: (tuple(sorted(t.source)), t.target) for t in workflow.transitions}
        written = {name: (tuple(sorted(sources)), target) for name, (sources, target, _who) in WHO[label].items()}
        assert declared == written, label


@dataclass
class Attempt:
    label: str
    source: str
    target: str
    role: str


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


def pairs(workflow):
    """Every (from, to) pair of states, and (state, state) where a step stays in its state (renew, break silence)."""
    values = list(workflow.states.values)
    staying = {t.target for t in workflow.transitions if t.target in t.source}
    return [(a, b) for a, b in itertools.product(values, values) if a != b or a in staying]


def staying_steps(label, state):
    """The steps of the table that leave a row in `state` where it is."""
    return [name for name, (sources, to, _roles) in WHO[label].items() if to == state and state in sources]


# The step a door is asked to take on a (state, state) pair: each step that stays is asked for in turn.
ASKED = contextvars.ContextVar("asked_step", default=None)


def run_matrix(world, label, door, recorder, attempt_door):
    """Try every (source, target, role) through one door, each in a rolled-back savepoint; return the mismatches.

    `attempt_door` returns the step it asked for (None when the door has no way to ask for that target) and the
    answer; every step of the table that the door can take must have been asked for at least once.
    """
    workflow = WORKFLOWS[label]
    model = workflow.model
    wrong, asked = [], set()
    attempts = [
        (source, target, asked_step)
        for source, target in pairs(workflow)
        for asked_step in (staying_steps(label, source) if source == target else [None])
    ]
    for (source, target, asked_step), role in itertools.product(attempts, ROLES):
        user = world.users[role]
        with transaction.atomic():
            obj = BUILDERS[label](world, source)
            history_before = obj.history.count()
            recorder.events.clear()
            token = ASKED.set(asked_step)
            try:
                step, answer = attempt_door(obj, source, target, role, user)
            finally:
                ASKED.reset(token)
            if step is None:
                transaction.set_rollback(True)
                continue
            asked.add(step)
            stored = model._base_manager.get(pk=obj.pk)
            if asked_step is None:
                succeeded = workflow.state_of(stored) == target
                should = expected(label, door, source, target, role)
            else:  # a step that stays: done when it left its history entry
                succeeded = stored.history.count() > history_before
                should = (door not in ADMIN_ONLY or role == "staff") and role in WHO[label][asked_step][2]
            if succeeded != should:
                wrong.append(f"{label} {source}->{target} as {role}: {'done' if succeeded else 'refused'} ({answer})")
            elif succeeded:
                latest = stored.history.order_by("-history_date", "-history_id").first()
                if latest.history_user_id != user.pk or (label, obj.pk) not in [e[:2] for e in recorder.events]:
                    wrong.append(f"{label} {source}->{target} as {role}: step not recorded with who and signal")
            elif stored.history.count() != history_before or recorder.events:
                wrong.append(f"{label} {source}->{target} as {role}: refused but something was written")
            if isinstance(answer, int) and answer >= 500:
                wrong.append(f"{label} {source}->{target} as {role}: answered {answer}")
            transaction.set_rollback(True)
    missing = set(DOOR_STEPS[door](label)) - asked
    if missing:
        wrong.append(f"{label}: the door {door} made no attempt at {sorted(missing)}")
    return wrong


def api_client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def browser(user):
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


def step_towards(label, source, target):
    """The step a door asks for to reach `target`: the one from `source` if the table has it, else one leading to
    `target` from elsewhere (which must be refused)."""
    if ASKED.get() is not None:
        return ASKED.get()
    table = WHO[label]
    name = next((n for n, (sources, to, _r) in table.items() if source in sources and to == target), None)
    return name or next((n for n, (_s, to, _r) in table.items() if to == target), None)


def inputs_of(label, step):
    return INPUTS.get((label, step), {})


# Each door: (label, obj, source, target, role, user) -> (step asked for or None, answer) ----------------------


def api_patch(label, obj, source, target, role, user):
    if source == target:
        return None, None  # a PATCH of the status it has is no step
    step = step_towards(label, source, target)
    payload = {"status": target, **(inputs_of(label, step) if step else {})}
    response = api_client(user).patch(f"/api/v1/{API[label]}/{obj.pk}/", payload, format="json")
    return step or f"->{target}", response.status_code


def api_transitions(label, obj, source, target, role, user):
    step = step_towards(label, source, target)
    if step is None:
        return None, None
    payload = {"transition": step, **inputs_of(label, step)}
    response = api_client(user).post(f"/api/v1/{API[label]}/{obj.pk}/transitions/", payload, format="json")
    return step, response.status_code


def admin_button(label, obj, source, target, role, user):
    step = step_towards(label, source, target)
    if step is None:
        return None, None
    model = WORKFLOWS[label].model
    data = {"_workflow_step": step, "seen_version": obj.lock_version}
    data.update({f"{step}-{k}": v for k, v in inputs_of(label, step).items()})
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    return step, browser(user).post(url, data).status_code


def admin_action(label, obj, source, target, role, user):
    step = step_towards(label, source, target)
    if step is None or inputs_needed(label, step):
        return None, None  # a step that asks for input has no list action
    model = WORKFLOWS[label].model
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = browser(user).post(url, {"action": f"step_{step}", "_selected_action": [obj.pk]})
    return step, response.status_code


def portal_step(label, obj, source, target, role, user):
    step = step_towards(label, source, target)
    if step is None:
        return None, None
    data = {"seen_version": obj.lock_version}
    data.update({f"{step}-{k}": v for k, v in inputs_of(label, step).items()})
    return step, browser(user).post(reverse(PORTAL_STEPS[label], args=[obj.pk, step]), data).status_code


def portal_submit_button(label, obj, source, target, role, user):
    """The "Submit to the Secretariat" button of a saved report's page."""
    if target != "submitted":
        return None, None
    url = reverse("measures:report_submit", args=[obj.pk])
    return "submit", browser(user).post(url, {"seen_version": obj.lock_version}).status_code


def portal_report_form(label, obj, source, target, role, user):
    """The report's edit form, saved with "Submit to the Secretariat"."""
    if target != "submitted":
        return None, None
    data = {
        "period_start": obj.period_start.isoformat(),
        "period_end": obj.period_end.isoformat(),
        "progress": 40,
        "narrative": "Submitted from the form.",
        "seen_version": obj.lock_version,
        "submit": "1",
    }
    return "submit", browser(user).post(reverse("measures:report_edit", args=[obj.pk]), data).status_code


def portal_decision_form(label, obj, source, target, role, user):
    """The decision's progress form: its status select offers the steps open to the user."""
    step = step_towards(label, source, target)
    if step is None:
        return None, None
    data = {"progress": 100 if target == "implemented" else 50, "status": target, "seen_version": obj.lock_version}
    response = browser(user).post(reverse("secretariat:decision_edit", args=[obj.pk]), data)
    return step, response.status_code


def inputs_needed(label, step):
    return bool(WORKFLOWS[label].by_name(step).inputs)


DOOR_ATTEMPTS = {
    "api_patch": api_patch,
    "api_transitions": api_transitions,
    "admin_button": admin_button,
    "admin_action": admin_action,
    "portal_step": portal_step,
    "portal_submit_button": portal_submit_button,
    "portal_report_form": portal_report_form,
    "portal_decision_form": portal_decision_form,
}


# The steps each door can ask for: every step, except list actions (no inputs) and the report's own submit doors.
def moves(label):
    """The steps that move a row to another state (a PATCH of the status asks for those)."""
    return [name for name, (sources, to, _roles) in WHO[label].items() if set(sources) != {to}]


DOOR_STEPS = {
    **{door: (lambda label: list(WHO[label])) for door in DOOR_ATTEMPTS},
    "api_patch": moves,
    "admin_action": lambda label: [name for name in WHO[label] if not inputs_needed(label, name)],
    "portal_submit_button": lambda label: ["submit"],
    "portal_report_form": lambda label: ["submit"],
}
MATRIX = [(label, door) for label in sorted(DOORS) for door in DOORS[label]]


@pytest.mark.parametrize(("label", "door"), MATRIX, ids=[f"{label}-{door}" for label, door in MATRIX])
def test_every_step_through_every_door(world, recorder, label, door):
    attempt = DOOR_ATTEMPTS[door]

    def attempt_door(obj, source, target, role, user):
        return attempt(label, obj, source, target, role, user)

    assert run_matrix(world, label, door, recorder, attempt_door) == []


@pytest.mark.parametrize("role", ROLES)
def test_a_coordinator_creates_and_submits_a_report_in_one_go_through_the_portal(world, role):
    """The report's create form, saved with "Submit": only a coordinator of the reporting state may (staff record
    reports in the admin); nothing is left behind by a refusal."""
    url = reverse("measures:report_create", args=[world.measure.pk])
    data = {"period_start": "2021-01-01", "period_end": "2021-06-30", "progress": 40, "narrative": "Done."}
    data["submit"] = "1"
    response = browser(world.users[role]).post(url, data)
    created = ImplementationReport.objects.filter(measure=world.measure, period_start="2021-01-01").first()
    if role == "coordinator":
        assert response.status_code == 302 and created is not None and created.status == "submitted"
    else:
        assert response.status_code in (302, 403) and created is None
        assert role == "anonymous" or response.status_code == 403


def an_earlier_version_in(obj, field, state):
    """A history record of `obj` as it was before, in another state (as if it had been there once)."""
    latest = obj.history.latest()
    historical = type(latest)
    values = {f.attname: getattr(latest, f.attname) for f in historical._meta.concrete_fields if not f.primary_key}
    values.update({field: state, "history_date": latest.history_date - datetime.timedelta(days=1)})
    return historical.objects.create(**values)


@pytest.mark.parametrize("label", sorted(DOORS))
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
