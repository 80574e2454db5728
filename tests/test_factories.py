"""Every model has a factory, and every factory builds a row the model's own validation accepts."""

import inspect

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

from tests import factories

DOMAIN_APPS = ("accounts", "chairmanship", "measures", "secretariat", "relations", "speakers")
ALL_FACTORIES = [
    f
    for _, f in inspect.getmembers(factories, inspect.isclass)
    if issubclass(f, DjangoModelFactory) and f is not DjangoModelFactory and f._meta.model is not None
]


def test_every_domain_model_has_a_factory():
    covered = {f._meta.model for f in ALL_FACTORIES}
    models = {
        m
        for app in DOMAIN_APPS
        for m in apps.get_app_config(app).get_models()
        if not m.__name__.startswith("Historical")
    }
    assert sorted(m.__name__ for m in models - covered) == []


@pytest.mark.django_db
@pytest.mark.parametrize("factory", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_saved_row(factory):
    obj = factory()
    obj.refresh_from_db()
    obj.full_clean()
    assert obj.pk is not None
    assert str(obj)
