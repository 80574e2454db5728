"""One declarative state machine per workflow record, and the one way its status changes.

Each domain app declares, in its `workflows.py`, a `Workflow` per model: the states, the states a new row may start
in, and the transitions (from which states to which, who may take them, what they need, what they set and what
follows). It registers them with `register(Model, workflow)` from its AppConfig.ready(). Then:

- `workflow.take(obj, user, "accept", feedback=...)` is the only way a status changes: it locks the row, re-reads
  it, checks the move (declared from the *current* state, allowed to this user, its needs met), sets the status
  and what the step stamps, saves once (one history entry naming who took which step), announces it with
  `core.signals.transitioned`, and runs the step's follow-ups, all in one transaction.
- `DomainModel.save()` asks `guard(obj)`: a status written any other way (a form, a serializer, a revert, a
  hand-written save) is refused, and a new row must start in one of the workflow's initial states.
- Every door (admin buttons and actions, API, portal forms, commands, tasks) asks `available(obj, user)` for what
  to offer and `take()` to act; a refused move raises `TransitionRefused`, a ValidationError on the status field
  that names the current status and the moves open to the user (a form error, an API 400), or `AlreadyDone`
  when a repeated request finds the step already taken (an API 409), so nothing happens twice.

`importing()` lets the reference-data loader, the demo seeder and test factories write rows in any state.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.concurrency import lock_fresh
from core.permissions import is_staff
from core.signals import transitioned

_importing = contextvars.ContextVar("workflows_importing", default=False)
_MISSING = object()


@contextlib.contextmanager
def importing():
    """Write rows in any state, past the workflows: for reference data, the demo set and test fixtures only."""
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


def is_importing():
    """Inside `importing()`: rows are written as data (reference data, the demo set, fixtures), not as happenings."""
    return _importing.get()


def staff(user, obj):
    """Secretariat staff."""
    return is_staff(user)


def fully_done(message):
    """A step's check: the row's progress (or the progress given with the step) is 100%."""

    def check(obj, data):
        """Progress at 100%."""
        if data.get("progress", obj.progress) != 100:
            raise ValidationError({"progress": message})

    # What the step itself implies: a form door sends it without asking (core.forms.step_form), so a page that
    # already has a progress field does not show a second one for the step.
    check.implies = {"progress": 100}
    return check


def record_progress(obj, user, data):
    """The progress given."""
    obj.progress = data.get("progress", obj.progress)
    return ["progress"]


@dataclass(frozen=True)
class Transition:
    """One move of a workflow.

    - `allowed(user, obj)`: who may take it (default: Secretariat staff);
    - `check(obj, data)`: what it needs, raising ValidationError with field errors;
    - `apply(obj, user, data)`: what it sets besides the status, returning the names of the fields it set;
    - `after(obj, user, data)`: what follows inside the same transaction (e.g. older plans superseded);
    - `inputs`: the names of the data a door must ask for (e.g. ("feedback",));
    - `event`: the past-tense verb announced to listeners and partner systems (e.g. "accepted");
    - `destructive`: it ends the record's life (cancel, terminate, drop): doors show it as a danger button;
    - `refused(user, obj)`: why `allowed` says no, when there is more to say than "not yours" (a deadline passed):
      a message, or a ValidationError given as it is; else None.
    """

    name: str
    source: tuple
    target: str
    label: str
    event: str
    allowed: object = staff
    check: object = None
    apply: object = None
    after: object = None
    inputs: tuple = ()
    destructive: bool = False
    refused: object = None

    def permits(self, user, obj):
        return bool(self.allowed(user, obj))


class TransitionRefused(ValidationError):
    """A move that the workflow does not allow now, to this user, or without what it needs."""


class AlreadyDone(TransitionRefused):
    """The step was already taken (a repeated or concurrent request): nothing more happens."""


class Workflow:
    def __init__(self, *, states, initial, transitions, field="status", noun=None, input_fields=None):
        self.states = states
        # Form fields of step inputs that are not fields of the model: {name: callable(obj) -> forms.Field}.
        self.input_fields = input_fields or {}
        self.initial = tuple(initial)
        self.transitions = tuple(transitions)
        self.field = field
        self.noun = noun
        self.model = None
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"transition names repeat: {names}")
        for transition in self.transitions:
            unknown = {transition.target, *transition.source} - set(states.values)
            if unknown:
                raise ValueError(f"{transition.name}: unknown states {unknown}")

    # Reading the declaration --------------------------------------------------------------------------------

    def label(self, state):
        return str(self.states(state).label) if state in self.states.values else str(state)

    def by_name(self, name):
        return next((t for t in self.transitions if t.name == name), None)

    def leaving(self, state):
        """The transitions declared from `state`."""
        return [t for t in self.transitions if state in t.source]

    def between(self, source, target):
        return next((t for t in self.leaving(source) if t.target == target), None)

    def state_of(self, obj):
        return getattr(obj, self.field)

    def available(self, obj, user):
        """The transitions `user` may take from `obj`'s current state (what a door offers)."""
        return [t for t in self.leaving(self.state_of(obj)) if t.permits(user, obj)]

    def pairs(self):
        """Every declared (source, target) pair: what the matrix test expects to succeed."""
        return {(source, t.target) for t in self.transitions for source in t.source}

    # Refusals ------------------------------------------------------------------------------------------------

    def refusal(self, obj, user, target=None, cls=TransitionRefused, reason=None):
        current = self.state_of(obj)
        moves = ", ".join(self.label(t.target) for t in self.available(obj, user)) or _("none for you")
        what = self.noun or obj._meta.verbose_name
        if reason is None:
            reason = _("A %(what)s cannot go from %(current)s to %(target)s.") % {
                "what": what,
                "current": self.label(current),
                "target": self.label(target),
            }
        message = _("%(reason)s It is %(current)s; the moves open to you are: %(moves)s.") % {
            "reason": capfirst(reason),
            "current": self.label(current),
            "moves": moves,
        }
        return cls({self.field: [message]})

    def resolve(self, obj, user, name=None, target=None):
        """The transition a request asks for (by name or by target state), checked against the current state."""
        current = self.state_of(obj)
        transition = self.by_name(name) if name else self.between(current, target)
        if name and transition is None:
            raise ValidationError({"transition": [_("There is no step called %(name)s.") % {"name": name}]})
        wanted = transition.target if transition else target
        if transition is None or current not in transition.source:
            if transition is not None and transition.target in transition.source:
                # A step that keeps its state (break silence, extend): "cannot go from adopted to under silence"
                # would say nothing; what matters is that the step is over.
                raise self.refusal(
                    obj,
                    user,
                    wanted,
                    reason=_("“%(step)s” is no longer open: the %(what)s is %(state)s. Nothing was recorded.")
                    % {
                        "step": transition.label,
                        "what": self.noun or obj._meta.verbose_name,
                        "state": self.label(current),
                    },
                )
            if wanted == current:
                raise self.refusal(
                    obj,
                    user,
                    wanted,
                    AlreadyDone,
                    _("The %(what)s is already %(state)s.")
                    % {"what": self.noun or obj._meta.verbose_name, "state": self.label(current)},
                )
            raise self.refusal(obj, user, wanted)
        if not transition.permits(user, obj):
            reason = transition.refused(user, obj) if transition.refused else None
            if isinstance(reason, ValidationError):  # the step's own answer, field by field
                raise TransitionRefused(reason.message_dict)
            raise self.refusal(
                obj, user, wanted, reason=reason or _("“%(step)s” is not yours to take.") % {"step": transition.label}
            )
        return transition

    # Acting --------------------------------------------------------------------------------------------------

    def take(self, obj, user, name=None, *, target=None, version=None, changes=None, **data):
        """Take a step on `obj` (by transition name, or the one leading to `target`); returns the saved row.

        The row is locked and re-read first, so the step starts from the stored state, never from the caller's
        copy; `version` (the copy the user saw) refuses the step if someone changed the row since. `changes`
        ({field: value}) are other edits saved with the step, in the same save and history entry, so the row is
        validated as it ends up (a decision reopened with its progress lowered is never "implemented at 50%").
        """
        with transaction.atomic():
            locked = lock_fresh(obj, version)
            transition = self.resolve(locked, user, name=name, target=target)
            for field, value in (changes or {}).items():
                setattr(locked, field, value)
            if transition.check:
                transition.check(locked, data)
            changed = set(transition.apply(locked, user, data) or ()) if transition.apply else set()
            changed |= set(changes or ())
            source = self.state_of(locked)
            setattr(locked, self.field, transition.target)
            locked._history_user = user
            locked._change_reason = str(transition.label)
            locked._taking_transition = True
            try:
                locked.save(update_fields=[self.field, *sorted(changed)])
            finally:
                locked._taking_transition = False
            transitioned.send(
                type(locked),
                instance=locked,
                transition=transition.name,
                event=transition.event,
                source=source,
                target=transition.target,
                user=user,
            )
            if transition.after:
                transition.after(locked, user, data)
        return locked

    def guard(self, obj):
        """Refuse a status written outside `take()` (DomainModel.save calls this)."""
        if _importing.get() or getattr(obj, "_taking_transition", False):
            return
        value = self.state_of(obj)
        if obj._state.adding:
            if value not in self.initial:
                starts = ", ".join(self.label(state) for state in self.initial)
                raise TransitionRefused(
                    {
                        self.field: [
                            _("A new %(what)s starts as %(initial)s; later steps follow its workflow.")
                            % {"what": self.noun or obj._meta.verbose_name, "initial": starts}
                        ]
                    }
                )
            return
        stored = obj.__dict__.get("_loaded_state", _MISSING)
        if stored is _MISSING:
            stored = type(obj)._base_manager.filter(pk=obj.pk).values_list(self.field, flat=True).first()
        if value != stored:
            moves = ", ".join(f"{t.label} ({self.label(t.target)})" for t in self.leaving(stored)) or _("none")
            raise TransitionRefused(
                {
                    self.field: [
                        _(
                            "The status of a %(what)s changes only through its workflow steps, not by editing it. "
                            "It is %(current)s; the steps from there are: %(moves)s."
                        )
                        % {"what": self.noun or obj._meta.verbose_name, "current": self.label(stored), "moves": moves}
                    ]
                }
            )


WORKFLOWS = {}


def register(model, workflow):
    """Declare `model`'s workflow (from its app's AppConfig.ready(), beside its permission rules)."""
    workflow.model = model
    WORKFLOWS[model._meta.label_lower] = workflow
    return workflow


def workflow_for(model):
    return WORKFLOWS.get(model._meta.label_lower)
