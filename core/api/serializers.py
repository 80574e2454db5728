"""Base serializer: the model's own validation runs during serializer validation, so bad input is a 400."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from rest_framework import serializers

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
            instance.full_clean(validate_unique=True, validate_constraints=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error answer."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name (or non_field_errors) -> messages. Empty unless the input was invalid.",
    )


def slug(slug_field, queryset, **kwargs):
    """A related object named by a stable code (iso2, measure code, body code) instead of a database id."""
    return serializers.SlugRelatedField(slug_field=slug_field, queryset=queryset, **kwargs)
