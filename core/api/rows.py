"""A list page read as values, not as model instances: the serializer's own JSON at a fraction of the cost.

DRF serializes a page of a list by turning each row into a model instance, and each related row it reads into one
more (select_related builds them, prefetch_related builds a manager for every row), then asking every field of
every row to find its attribute and represent it. For 50 rows of 17 fields that is most of an API list's time
(docs/PERFORMANCE.md has the profile). A `RowPlan`, worked out once per serializer class from its fields, reads
the same page instead as `.values()`: the row's columns, and the columns the fields reach through foreign keys
(`measure.code`, a slug) joined into the same query, then one query per many-relation (a report's attachments, a
measure's current coordinators), and represents each value with the request's own field (`to_representation`), so
formats, time zones and choices are exactly the serializer's.

What a plan reads from the row (`.values()`):
- a field of a model column, and a primary-key field of a foreign key (its id);
- a slug field or a dotted source across foreign keys (`action_plan.measure.code`): the joined column. A path
  through a foreign key that may be empty is only planned for a field that answers null where DRF would (a
  relation field, or `allow_null`); DRF would leave such a key out otherwise.
What it asks a model instance built from the row's own columns (no related rows) for, through the field itself as
DRF does: properties (`is_overdue`), method fields (a file name, a download link) and any other plain field. Such a
field must not read the database (a related row, say: a query per row). If one does, the plan stops at its first
query (`ReadsTheDatabase`), is forgotten for good, and the list is served by DRF from then on.
What it reads with one query per relation for the whole page: a nested list serializer or a `many=True` primary
key field over a reverse foreign key (or the `Prefetch` of the viewset's queryset that fills its source), in the
order the prefetch would give.

A serializer with anything else (its own `to_representation`, a nested single object, a many-to-many relation, a
hyperlink) has no plan, and its lists are served by DRF as before. tests/api/test_rows.py holds every list of the
API to answering the same JSON both ways.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import Prefetch
from django.db.models.base import ModelState
from rest_framework import relations, serializers
from rest_framework.fields import Field, SkipField

# Ways a field's value is found.
COLUMN, PRIMARY_KEY, PATH, INSTANCE, MANY_PRIMARY_KEYS, NESTED = range(6)

_PLANS = {}


class ReadsTheDatabase(Exception):  # noqa: N818 - a condition, not an error of the caller's
    """A field asked of a row read the database: this serializer's lists cannot be planned."""


def _key(serializer):
    return (type(serializer), tuple((name, type(field), field.write_only) for name, field in serializer.fields.items()))


def forget(serializer):
    """No plan for this serializer (and set of fields) any more: its lists are served by DRF."""
    _PLANS[_key(serializer)] = None


def plan_for(serializer, queryset):
    """The plan of a list's (bound) serializer over `queryset`, or None when it has none. Built once per serializer
    class and set of fields (a request may swap a field, e.g. one withheld from a reader)."""
    key = _key(serializer)
    if key not in _PLANS:
        _PLANS[key] = RowPlan.build(serializer)
    plan = _PLANS[key]
    if plan is None or plan.model is not queryset.model:
        return None
    for step in plan.steps:  # a Prefetch's to_attr is only known to the queryset that prefetches it
        if step.way in (MANY_PRIMARY_KEYS, NESTED) and step.relation.queryset is None:
            found = _relation(queryset, step.key)
            if found is None or (step.way == NESTED and found.queryset.model is not step.relation.child_plan.model):
                return None
    return plan


class Step:
    __slots__ = ("name", "way", "key", "relation")

    def __init__(self, name, way, key=None, relation=None):
        self.name, self.way, self.key, self.relation = name, way, key, relation


class Relation:
    """A many-relation read for a whole page: the related rows' queryset and the foreign key back to the row."""

    __slots__ = ("fk_attname", "fk_name", "queryset", "to_attr", "child_plan", "_values")

    def __init__(self, fk, queryset, to_attr, child_plan=None):
        self.fk_attname, self.fk_name = fk.attname, fk.name
        self.queryset, self.to_attr, self.child_plan = queryset, to_attr, child_plan
        self._values = None

    def values(self):
        """The related rows as the child plan reads them (with the foreign key back to the row), the queryset built
        once; a page filters it by its rows."""
        if self._values is None:
            plan = self.child_plan
            names = dict.fromkeys([self.fk_attname, *plan.columns, *plan.paths])
            self._values = self.queryset.prefetch_related(None).values(*names)
        return self._values


class RowPlan:
    def __init__(self, model, steps, paths, needs_instance):
        self.model = model
        self.steps = steps
        self.columns = [f.attname for f in model._meta.concrete_fields]  # in the order Model.from_db takes them
        self.pk = model._meta.pk.attname
        self.paths = paths  # the joined columns (lookups such as measure__code)
        self.needs_instance = needs_instance

    @classmethod
    def build(cls, serializer):
        """The plan of `serializer`'s representation, or None when some field cannot be planned."""
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is None or type(serializer).to_representation is not serializers.Serializer.to_representation:
            return None
        steps, paths, needs_instance = [], [], False
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            step = _step(model, name, field)
            if step is None:
                return None
            if step.way == PATH:
                paths.append(step.key)
            needs_instance |= step.way == INSTANCE
            steps.append(step)
        return cls(model, steps, list(dict.fromkeys(paths)), needs_instance)

    # Reading -----------------------------------------------------------------------------------------------------

    def values(self, queryset):
        """`queryset` (filtered, ordered, perhaps sliced) as the dicts this plan reads; a queryset still, so a keyset
        pagination can order, filter and slice it (it reads a row's position from the dict)."""
        return queryset.prefetch_related(None).values(*self.columns, *self.paths)

    def represent(self, rows, serializer, queryset):
        """The serializer's representation of `rows` (dicts from `values`). `serializer` is the request's bound
        list child: its fields represent the values (and answer for properties and methods); `queryset` is the
        viewset's, whose prefetches say how the many-relations are read."""
        rows = list(rows)
        fields = serializer.fields
        for field in fields.values():
            # DRF asks for the current time zone for every date-time it represents (a context-local look-up, a
            # tenth of a list's time); it is the same for the whole request: asked once, on this request's copy.
            if isinstance(field, serializers.DateTimeField) and "timezone" not in field.__dict__:
                field.timezone = field.default_timezone()
        pk = self.pk
        ids = [row[pk] for row in rows]
        many = {
            step.name: self._related(step, fields[step.name], ids, queryset)
            for step in self.steps
            if step.way in (MANY_PRIMARY_KEYS, NESTED)
        }
        steps = [(step.name, step.way, step.key, _converter(step.way, fields[step.name])) for step in self.steps]
        out = []
        with connections[queryset.db].execute_wrapper(_refuse):
            self._represent_rows(rows, steps, many, queryset.db, out)
        return out

    def _represent_rows(self, rows, steps, many, db, out):
        model, columns, pk, needs_instance = self.model, self.columns, self.pk, self.needs_instance
        for row in rows:
            instance = _row_instance(model, db, row, columns) if needs_instance else None
            ret = {}
            for name, way, key, convert in steps:
                if way == INSTANCE:
                    try:
                        value = convert.get_attribute(instance)
                    except SkipField:
                        continue
                    ret[name] = None if value is None else convert.to_representation(value)
                elif way in (MANY_PRIMARY_KEYS, NESTED):
                    ret[name] = many[name].get(row[pk], [])
                else:
                    value = row[key]
                    ret[name] = value if value is None or convert is None else convert(value)
            out.append(ret)

    @staticmethod
    def _related(step, field, ids, queryset):
        """{row id: [represented related rows]} of a many-relation, in one query (or two for a nested plan's own
        relations)."""
        relation = _relation(queryset, step.key)  # a Prefetch of this request's queryset, or the default
        if relation is None:
            relation = step.relation
        else:
            relation.child_plan = step.relation.child_plan
        related = relation.queryset.filter(**{f"{relation.fk_attname}__in": ids})
        grouped = {}
        if step.way == MANY_PRIMARY_KEYS:
            child = field.child_relation
            for owner, pk in related.values_list(relation.fk_attname, "pk"):
                value = pk if child.pk_field is None else child.pk_field.to_representation(pk)
                grouped.setdefault(owner, []).append(value)
            return grouped
        plan, child = step.relation.child_plan, field.child
        rows = list(relation.values().filter(**{f"{relation.fk_attname}__in": ids}))
        for owner, represented in zip(
            (row[relation.fk_attname] for row in rows), plan.represent(rows, child, related), strict=True
        ):
            grouped.setdefault(owner, []).append(represented)
        return grouped


def _converter(way, field):
    """What represents a value read for `field`: the field itself (asked for its attribute) for a value found on a
    row instance, None for a value represented as it is read (an id, a slug), else the field's to_representation."""
    if way == INSTANCE:
        return field
    if way == PRIMARY_KEY:
        return None if field.pk_field is None else field.pk_field.to_representation
    if way in (MANY_PRIMARY_KEYS, NESTED) or isinstance(field, relations.SlugRelatedField):
        return None
    return field.to_representation


def _row_instance(model, db, row, columns):
    """A model instance holding the row's own columns, for its properties and the serializer's methods: made as
    Model.from_db would make it, without running the model's __init__ (its signals and per-field defaults) for each
    row of a page."""
    instance = model.__new__(model)
    instance.__dict__.update({column: row[column] for column in columns})
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, db
    return instance


def _refuse(execute, sql, params, many, context):
    raise ReadsTheDatabase(sql)


def _step(model, name, field):
    """How the value of `field` (named `name` in the output) is found, or None when a plan cannot find it."""
    source = field.source_attrs
    if isinstance(field, serializers.ListSerializer):
        return _many(model, name, field, NESTED)
    if isinstance(field, relations.ManyRelatedField):
        if type(field.child_relation) is not relations.PrimaryKeyRelatedField:
            return None
        return _many(model, name, field, MANY_PRIMARY_KEYS)
    if isinstance(field, serializers.BaseSerializer):
        return None  # a nested single object
    if type(field) is relations.PrimaryKeyRelatedField and len(source) == 1:
        fk = _field(model, source[0])
        if isinstance(fk, models.ForeignKey):
            return Step(name, PRIMARY_KEY, fk.attname)
        return None
    if type(field) is relations.SlugRelatedField:
        path = _path(model, [*source, *field.slug_field.split("__")], null_ok=True)
        return None if path is None else Step(name, PATH, path)
    if getattr(field, "reads_the_row_only", False):
        return Step(name, INSTANCE)  # a field given the whole row that reads only its columns (e.g. PDF links)
    if isinstance(field, relations.RelatedField) or field.source == "*" and not _is_method(field):
        return None
    if _is_method(field):
        return Step(name, INSTANCE)
    if type(field).get_attribute is not Field.get_attribute:
        return Step(name, INSTANCE)  # a field that finds its own value (e.g. one withheld from this reader)
    first = _field(model, source[0])
    if first is None:
        return Step(name, INSTANCE) if len(source) == 1 else None  # a property, asked of the row
    if len(source) == 1:
        if first.is_relation:
            return None  # the related object itself
        return Step(name, COLUMN, first.attname)
    null_ok = field.allow_null and field.default is serializers.empty
    path = _path(model, source, null_ok=null_ok)
    return None if path is None else Step(name, PATH, path)


def _is_method(field):
    return isinstance(field, serializers.SerializerMethodField)


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _path(model, parts, null_ok):
    """The lookup of a column reached through foreign keys (measure__code), or None: when a part is not a forward
    foreign key or the column, or when an empty key on the way would make DRF skip the field (not `null_ok`)."""
    for i, part in enumerate(parts):
        field = _field(model, part)
        if field is None:
            return None
        last = i == len(parts) - 1
        if last:
            if field.is_relation:
                return None
            return "__".join(parts)
        if not isinstance(field, models.ForeignKey):
            return None
        if field.null and not null_ok:
            return None
        model = field.related_model
    return None


def _many(model, name, field, way):
    """A many-relation over a reverse foreign key: its related rows' default queryset (as prefetch_related reads
    it; a Prefetch of the viewset's queryset for the same source replaces it when the page is read)."""
    if len(field.source_attrs) != 1:
        return None
    source = field.source_attrs[0]
    reverse = _field(model, source)
    if reverse is None:
        # A Prefetch's to_attr (e.g. current_coordinations): planned when read, from the viewset's queryset.
        relation = Relation(model._meta.pk, None, source)
    elif isinstance(reverse, models.ManyToOneRel) and not reverse.many_to_many:
        queryset = reverse.related_model._default_manager.all()
        relation = Relation(reverse.field, queryset, source)
    else:
        return None
    if way == NESTED:
        child = RowPlan.build(field.child)
        if child is None or child.model is not (reverse.related_model if reverse else child.model):
            return None
        relation.child_plan = child
    return Step(name, way, source, relation)


def _relation(queryset, to_attr):
    """The many-relation that the viewset's queryset prefetches into `to_attr`, as a Relation (or None)."""
    for lookup in queryset._prefetch_related_lookups:
        if not isinstance(lookup, Prefetch) or lookup.prefetch_to != to_attr or "__" in lookup.prefetch_through:
            continue
        reverse = _field(queryset.model, lookup.prefetch_through)
        if not isinstance(reverse, models.ManyToOneRel) or reverse.many_to_many:
            return None
        related = lookup.queryset if lookup.queryset is not None else reverse.related_model._default_manager.all()
        return Relation(reverse.field, related, to_attr)
    return None
