"""The kinds of reminder, one declaration each: what is due, who hears of it, how it is described.

A kind is a `Reminder` registered with `register()` (the built-in kinds are declared in notifications/reminders.py).
The engine in notifications/services.py knows no kind by name: it asks the declaration for its rows (a queryset of
the domain model), the date field it reminds of, the audiences the rule's flags select, and the label and headline
template of the email. Adding a kind is one declaration plus its headline template,
`emails/reminders/<name>.txt` (see docs/EXTENDING.md, "Adding a kind of reminder").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case, Value, When

from accounts.models import Role

OVERDUE_STAGE = "overdue"


def stage_for_lead(days):
    return f"{days}-days-before"


@dataclass(frozen=True)
class Who:
    """An audience: coordinators of some countries, every coordinator, the national focal points of some countries,
    and/or the Secretariat's staff."""

    countries: frozenset = frozenset()
    all_coordinators: bool = False
    secretariat: bool = False
    focal_points: frozenset = frozenset()

    def __or__(self, other):
        return Who(
            countries=self.countries | other.countries,
            all_coordinators=self.all_coordinators or other.all_coordinators,
            secretariat=self.secretariat or other.secretariat,
            focal_points=self.focal_points | other.focal_points,
        )


NOBODY = Who()
SECRETARIAT = Who(secretariat=True)
ALL_COORDINATORS = Who(all_coordinators=True)


def countries(*ids):
    """The coordinators of these countries (ids; None is ignored)."""
    return Who(countries=frozenset(pk for pk in ids if pk))


def focal_points_of(*ids):
    """The national focal points of these countries (ids; None is ignored): coordinators holding the right and
    accounts with the focal point role."""
    return Who(focal_points=frozenset(pk for pk in ids if pk))


def nobody(obj, context):
    return NOBODY


def measure_id_of(obj):
    return getattr(obj, "measure_id", None)


def describe_title(obj):
    """The object's title in the active language when it has one, else its str()."""
    from core.models import localized

    return localized(obj, "title") if hasattr(obj, "title_ru") else str(obj)


@dataclass(frozen=True)
class Reminder:
    """One kind of reminder.

    - `name`, `label`: stored in ReminderRule.kind / shown to staff and on the preferences page.
    - `rows`: a callable returning the queryset of what can be due (e.g. open reports); `date_field` the date on
      those rows that the reminder is about; `overdue`: a single "overdue" stage once that date has passed,
      otherwise one stage per lead time of the rule.
    - `coordinators` / `responsible`: callables (obj, context) -> Who, the audiences that the rule's
      "coordinators" and "responsible party" flags select; the rule's Secretariat flag adds the staff.
    - `measure`: the id of the measure the object belongs to, so that `context.coordinating(measure_id)` is loaded
      for all due objects in one query.
    - `assignees`: optional (objects, day) -> {object id: {country ids}}, the countries responsible for each due
      object by the domain's own rule (e.g. Decision.objects.assignees), loaded for all due objects at once and
      read by the audience callables as `context.assigned(obj)`.
    - `describe`: the object's label in the email, in the active language.
    - `opt_out_roles`: the roles that may switch the kind off for themselves (the others always get it).
    - `roles`: the roles the kind can reach at all (an MoU's expiry reaches only the Secretariat): the preferences
      page offers a kind only to them.
    """

    name: str
    label: str
    rows: Callable
    date_field: str
    coordinators: Callable = nobody
    responsible: Callable = nobody
    measure: Callable = measure_id_of
    assignees: Callable | None = None
    describe: Callable = describe_title
    overdue: bool = False
    opt_out_roles: tuple = (Role.COORDINATOR, Role.SECRETARIAT)
    roles: tuple = (Role.COORDINATOR, Role.SECRETARIAT)
    headline_template: str = field(default="")

    def __post_init__(self):
        if not self.headline_template:
            object.__setattr__(self, "headline_template", f"emails/reminders/{self.name}.txt")

    @property
    def model(self):
        return self.rows().model

    def audience(self, rule, obj, context):
        who = SECRETARIAT if rule.notify_secretariat else NOBODY
        if rule.notify_coordinators:
            who |= self.coordinators(obj, context)
        if rule.notify_responsible:
            who |= self.responsible(obj, context)
        return who

    def stages(self, leads):
        return [OVERDUE_STAGE] if self.overdue else [stage_for_lead(days) for days in sorted(set(leads), reverse=True)]

    def due(self, leads, on):
        """The rows due on day `on`, annotated with `reminder_stage`: one query, the dates compared in the database.

        A lead stage is due from its day (the date minus the lead) until the date itself, so a day the job did not
        run is caught up by the next run; of the stages due, only the nearest one is. The overdue stage is due once
        the date has passed.
        """
        rows = self.rows()
        date = self.date_field
        if self.overdue:
            return rows.filter(**{f"{date}__lt": on}).annotate(reminder_stage=Value(OVERDUE_STAGE))
        leads = sorted(set(leads))
        if not leads:
            return rows.none()
        horizon = on + datetime.timedelta(days=leads[-1])
        stage = Case(
            *[
                When(**{f"{date}__lte": on + datetime.timedelta(days=days)}, then=Value(stage_for_lead(days)))
                for days in leads
            ]
        )
        return rows.filter(**{f"{date}__gte": on, f"{date}__lte": horizon}).annotate(reminder_stage=stage)

    def applies_to(self, user):
        return user.role in self.roles

    def may_opt_out(self, user):
        return self.applies_to(user) and user.role in self.opt_out_roles


_KINDS = {}


def register(reminder):
    """Add a kind of reminder (or replace the one of the same name); returns it."""
    _KINDS[reminder.name] = reminder
    return reminder


def unregister(name):
    _KINDS.pop(name, None)


def get(name):
    """The kind named `name`, or None when no app declares it (a rule left over from a removed kind)."""
    return _KINDS.get(name)


def kinds():
    return list(_KINDS.values())


def kind_choices():
    """Choices for ReminderRule.kind (read when a form or a check asks, so kinds registered later count)."""
    return [(kind.name, kind.label) for kind in _KINDS.values()]
