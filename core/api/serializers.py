"""Base serializer: the model's own validation runs during serializer validation, so bad input is a 400."""

import copy
import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from rest_framework import serializers

from core import permissions
from core.workflows import workflow_for

# Integer ranges of PostgreSQL (production), applied on every database: the API (and its schema) must not accept a
# number on a developer's SQLite that production would refuse with an error.
PORTABLE_INTEGER_RANGES = {
    "SmallIntegerField": (-32768, 32767),
    "PositiveSmallIntegerField": (0, 32767),
    "IntegerField": (-2147483648, 2147483647),
    "PositiveIntegerField": (0, 2147483647),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}


TIMESTAMPS = ("created", "updated")


class ModelSerializer(serializers.ModelSerializer):
    """Runs Model.full_clean() (fields, clean(), unique checks and constraints) on the would-be row.

    The error comes back as field errors (400) before anything is written.
    """

    # A resource whose model is time-stamped carries `created` and `updated` (read-only) after its declared fields;
    # rows nested in another resource leave them out.
    with_timestamps = True

    def get_fields(self):
        """The fields DRF builds from the model, built once per class and copied for each serializer (building them
        reads the model's metadata field by field: most of a small list's time). Subclasses adjust the copy to the
        request (e.g. fields read-only for a coordinator) after calling this.

        A plain field is copied shallowly: what the request may change on it (read_only, its binding to this
        serializer) is its own attribute. A deep copy, as DRF makes, would build every field again from its
        arguments, the querysets of related fields among them. A nested serializer and a many-relation field hold a
        child bound to themselves: those are copied deeply, so that each child is bound to its own copy."""
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built
        fields = {name: _copy(field) for name, field in built.items()}
        self.narrow_related_choices(fields)
        return fields

    def narrow_related_choices(self, fields):
        """A written reference may name only a row the caller may see: one it may not answers "does not exist",
        like an unknown id, before any other check could say something about that row (its seats, its head...)."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or request.method in ("GET", "HEAD", "OPTIONS") or permissions.is_staff(user):
            return
        for field in fields.values():
            related = getattr(field, "child_relation", field)
            if not field.read_only and isinstance(related, serializers.RelatedField) and related.queryset is not None:
                related.queryset = permissions.restrict(related.queryset, user, permissions.VIEW)

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        if not self.with_timestamps:
            return names
        model_fields = {field.name for field in self.Meta.model._meta.concrete_fields}
        return names + [name for name in TIMESTAMPS if name in model_fields and name not in names]

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        bounds = PORTABLE_INTEGER_RANGES.get(model_field.get_internal_type())
        if bounds:
            low, high = bounds
            for validator in model_field._validators:
                if isinstance(validator, MinValueValidator):
                    low = max(low, validator.limit_value)
                elif isinstance(validator, MaxValueValidator):
                    high = min(high, validator.limit_value)
            kwargs["min_value"], kwargs["max_value"] = low, high
        return field_class, kwargs

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {f.name for f in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        try:
            self.workflow_step = self.find_workflow_step(attrs, instance)
            instance.full_clean(validate_unique=True, validate_constraints=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs

    # Workflow records: a status in the payload is a request for a workflow step (core.workflows) ---------------

    def find_workflow_step(self, attrs, would_be):
        """The step a payload's status asks for (None for no change), checked now so a refusal is a 400 before
        anything is written. A new row starts in an initial state; a status beyond it is a step taken at once
        (a report created as "submitted" is created as a draft, then submitted)."""
        workflow = workflow_for(self.Meta.model)
        if workflow is None or workflow.field not in attrs:
            return None
        target = attrs[workflow.field]
        user = self.context["request"].user if "request" in self.context else None
        if self.instance is not None:
            if target == workflow.state_of(self.instance):
                return None
            transition = workflow.resolve(self.instance, user, target=target)
        else:
            if target in workflow.initial:
                return None
            start = workflow.initial[0]
            transition = workflow.between(start, target)
            setattr(would_be, workflow.field, start)
            if transition is None or not transition.permits(user, would_be):
                raise workflow.refusal(would_be, user, target)
        if transition.check:
            transition.check(would_be, dict(attrs))
        if transition.apply:  # what the step will stamp, so the row is validated as it will be saved
            transition.apply(would_be, user, dict(attrs))
        setattr(would_be, workflow.field, target)
        return transition

    def create(self, validated_data):
        workflow, step = workflow_for(self.Meta.model), getattr(self, "workflow_step", None)
        inputs = self.step_inputs(step, validated_data)
        if step is not None:
            validated_data[workflow.field] = workflow.initial[0]
        instance = super().create(validated_data)
        self.check_kept(instance)
        return instance if step is None else self.take_step(workflow, step, instance, inputs)

    def update(self, instance, validated_data):
        workflow, step = workflow_for(self.Meta.model), getattr(self, "workflow_step", None)
        if workflow is not None:
            validated_data.pop(workflow.field, None)
        if step is not None:  # against the row as stored now: a repeated request is a 409, not a second step
            workflow.resolve(instance, self.context["request"].user, name=step.name)
        inputs = self.step_inputs(step, validated_data)
        if step is None or self.changes(instance, validated_data):
            instance = super().update(instance, validated_data)
            self.check_kept(instance)
        return instance if step is None else self.take_step(workflow, step, instance, inputs)

    @staticmethod
    def changes(instance, validated_data):
        """Whether the payload changes anything besides the status (an unchanged row is not saved again)."""
        return any(getattr(instance, name, None) != value for name, value in validated_data.items())

    @staticmethod
    def step_inputs(step, validated_data):
        """The payload's values of what the step takes (e.g. feedback, progress): given to the step, not written
        before it, so the row is never saved half-way (signed but still under negotiation)."""
        return {name: validated_data.pop(name) for name in (step.inputs if step else ()) if name in validated_data}

    def check_kept(self, instance):
        """The view's permission check on the written row (before any workflow step, which authorizes itself)."""
        check = getattr(self.context.get("view"), "check_kept", None)
        if check is not None:
            check(instance)

    def take_step(self, workflow, step, instance, inputs):
        return workflow.take(instance, self.context["request"].user, step.name, **inputs)


def _copy(field):
    if isinstance(field, serializers.BaseSerializer | serializers.ManyRelatedField):
        return copy.deepcopy(field)
    return copy.copy(field)


class Withheld:
    """Mixed into a field this reader is not shown: the key and its schema stay (one schema for every reader), the
    value is null."""

    def get_attribute(self, instance):
        return None


@functools.cache
def _withheld_class(field_class):
    return type(f"Withheld{field_class.__name__}", (Withheld, field_class), {})


def withheld(field):
    """A copy of the (unbound) field that answers null."""
    return _withheld_class(type(field))(*field._args, **field._kwargs)


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error answer."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name (or non_field_errors) -> messages; a nested field or a list item is named by its "
        "dotted path (`events.0`). Empty unless the input was invalid.",
    )


def slug(slug_field, queryset, **kwargs):
    """A related object named by a stable code (iso2, measure code, body code) instead of a database id."""
    return serializers.SlugRelatedField(slug_field=slug_field, queryset=queryset, **kwargs)


class TransitionRequestSerializer(serializers.Serializer):
    """A workflow step to take, with the inputs it asks for (listed by GET .../transitions/) as further fields."""

    transition = serializers.CharField(help_text="The step's name, e.g. submit, accept, return, approve, refer.")


class StepSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField(help_text="The status the row has after the step.")
    inputs = serializers.ListField(child=serializers.CharField(), help_text="Further fields the step takes.")
