"""Who may see and change what: the one place the portal's permission rules live.

Every door (API viewsets, portal views, admin querysets) asks the same two questions through the querysets:
``Model.objects.visible_to(user)`` and ``Model.objects.editable_by(user)`` (see ``RestrictedQuerySetMixin``), or,
for a model without its own queryset class, ``restrict(queryset, user, action)``. The idea is NetBox's
``RestrictedQuerySet.restrict(user, action)``. This module is the machinery; each domain app declares the rules of
its models once, in its ``permissions.py`` (``register(Model, Rule(...))``), imported from its AppConfig.ready().

The rules:

- Secretariat staff (``user.is_secretariat``) read and write everything.
- A coordinator reads published data plus their own country's drafts; writes implementation reports and activities
  only for measures their country (co-)coordinates, and updates the progress of decisions assigned to their country.
- A national focal point (a coordinator granted the right, or an account with the focal point role) acts for its
  state or organization in the meeting cycle: the rules of those records name `acts=is_focal_point`.
- A partner system (service account) reads published data only: accepted reports, activities of approved plans,
  public documents. It never writes.
- Nobody else (anonymous, inactive) sees anything.

"Published" per model (see the apps' permissions.py): a report is published once accepted; an action plan and its
activities once the plan is approved (or superseded by a newer version); a document when its distribution is public
(member-state distribution is also open to coordinators, who act for member states); reference data, meetings and
decisions are always published.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)

NOTHING = Q(pk__in=[])
EVERYTHING = Q()


def is_staff(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_secretariat)


def is_coordinator(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_coordinator and user.country_id)


def is_focal_point(user):
    """Holds the focal point right for a state or a partner organization (see accounts.User)."""
    return bool(user and user.is_authenticated and user.acts_for_focal_point)


def is_reader(user):
    """Signed in and allowed to read published data: staff, coordinators and partner systems."""
    return bool(user and user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class Rule:
    """The rows a non-staff user may see, add and change. `add` is checked on the saved row, before commit;
    `add_under(user)` (optional) is a Q on the parent model: the parents under which the user may add rows.
    `acts(user)` says who writes under the rule at all: coordinators (the default) or focal points."""

    view: object = None
    add: object = None
    change: object = None
    delete: object = None
    add_under: object = None
    acts: object = is_coordinator

    def q(self, user, action):
        if action == VIEW:
            return self.view(user) if self.view else EVERYTHING
        rule = getattr(self, action)
        return rule(user) if rule else NOTHING


# model label -> Rule, filled by the domain apps (their permissions.py, imported from AppConfig.ready()).
RULES = {}
DEFAULT_RULE = Rule()


def register(model, rule):
    """Declare who may see and change the rows of `model` (a model class or "app_label.model")."""
    label = model if isinstance(model, str) else model._meta.label_lower
    RULES[label.lower()] = rule
    return rule


def rule_for(model):
    return RULES.get(model._meta.label_lower, DEFAULT_RULE)


def restrict(queryset, user, action=VIEW):
    """The rows of `queryset` that `user` may act on with `action` (view, add, change, delete)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if is_staff(user):
        return queryset
    rule = rule_for(queryset.model)
    if not is_reader(user) or (action != VIEW and not rule.acts(user)):
        return queryset.none()
    return queryset.filter(rule.q(user, action))


def may(user, action, model):
    """May `user` ever perform `action` on rows of `model`? (The row-level answer comes from `restrict`.)"""
    if is_staff(user):
        return True
    if not is_reader(user):
        return False
    if action == VIEW:
        return True
    rule = rule_for(model)
    return rule.acts(user) and getattr(rule, action) is not None


class RestrictedQuerySetMixin:
    """Adds `visible_to(user)` and `editable_by(user)` to a model's queryset, both answered by `restrict`."""

    def visible_to(self, user):
        return restrict(self, user, VIEW)

    def editable_by(self, user):
        return restrict(self, user, CHANGE)

    def restrict(self, user, action=VIEW):
        return restrict(self, user, action)


class RestrictedQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    pass


def may_change(user, instance):
    """May `user` change this row as it stands? (The row-level question a workflow step asks of its rule.)"""
    if is_staff(user):
        return True
    return restrict(type(instance)._default_manager.filter(pk=instance.pk), user, CHANGE).exists()


def may_add_under(user, model, parent):
    """May `user` add a row of `model` under `parent` (a report under a measure, an activity under a plan)?

    Asked before a form is shown; the row itself is checked again once written (`may_keep`). A rule names the
    parents it allows with `add_under` (a Q on the parent's model); without one, anyone who may add rows of `model`
    at all may add them under any parent they can see.
    """
    if not may(user, ADD, model):
        return False
    if is_staff(user):
        return True
    add_under = rule_for(model).add_under
    if add_under is None:
        return True
    return type(parent)._default_manager.filter(add_under(user), pk=parent.pk).exists()


def require_kept(user, instance):
    """Inside the write's transaction: refuse (PermissionDenied, so the transaction rolls back) a written row that
    `user` may not keep. Every door's generic write path calls this."""
    if not may_keep(user, instance):
        raise PermissionDenied(_("You may not save this %(what)s.") % {"what": instance._meta.verbose_name})


def may_keep(user, instance):
    """After a write (inside its transaction): may `user` leave this row as it now is?

    Checked on the saved row so that one rule covers creating and changing: a coordinator may save a report only
    for their own country and a measure it coordinates, whatever the request said.
    """
    rule = rule_for(type(instance))
    action = ADD if rule.add is not None else CHANGE
    return restrict(type(instance).objects.filter(pk=instance.pk), user, action).exists()
