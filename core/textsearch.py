"""Case-insensitive text search over a model's fields that an index can answer (the lists' `q`, the admin's box).

A model's own columns are compared directly (the big tables' text columns carry trigram indexes: core.indexes);
fields joined by the model's JoinedTrigramIndex are compared joined, in one condition its index answers. A field
across a relation (`measure__title`) is looked up first in the related table, and becomes `measure IN (ids)`: no
`ILIKE` over a join, which PostgreSQL could only answer by joining and filtering every row. Each relation costs one
small query.
"""

from collections import defaultdict

from django.db.models import Q
from django.db.models.lookups import IContains

from core.indexes import SEPARATOR, joined, joined_fields

LOOKUPS = {"=": "iexact", "^": "istartswith"}  # the admin's prefixes; no prefix: icontains


def matching(model, fields, value):
    """A Q for the rows of `model` where any of `fields` matches `value`."""
    query = Q(pk__in=[])
    related = defaultdict(list)
    together = joined_fields(model)
    if together and set(together) <= set(fields) and SEPARATOR not in value:
        query |= Q(IContains(joined(*together), value))
        fields = [spec for spec in fields if spec not in together]
    for spec in fields:
        lookup = LOOKUPS.get(spec[:1], "icontains")
        name = spec.lstrip("=^@")
        relation, _, rest = name.partition("__")
        if rest:
            related[relation].append(f"{spec[:1] if spec[:1] in LOOKUPS else ''}{rest}")
        else:
            query |= Q(**{f"{name}__{lookup}": value})
    for relation, rests in related.items():
        field = model._meta.get_field(relation)
        other = field.related_model
        found = other._base_manager.filter(matching(other, rests, value))
        if field.concrete:  # a foreign key or many-to-many field of the model
            query |= Q(**{f"{relation}__in": list(found.values_list("pk", flat=True))})
        else:  # a reverse or many-to-many relation: the rows the matching related rows point to
            query |= Q(pk__in=list(found.values_list(field.remote_field.name, flat=True)))
    return query
