"""Secretariat officers work in the admin without being superusers: the "Secretariat officers" group gives them every
admin page of the portal's records and the operational ones they look after, and never the power to grant
privileges (only a superuser makes someone a superuser or changes groups and permissions)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

# Admin pages that are a superuser's alone: who may grant what.
SUPERUSER_ONLY = {"auth.group"}


def changelists():
    return sorted(
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model in admin.site._registry
        if f"{model._meta.app_label}.{model._meta.model_name}" not in SUPERUSER_ONLY
    )


def test_an_officer_opens_every_admin_list_of_their_work(officer):
    client = signed_in(officer)
    refused = []
    for label in changelists():
        app_label, model_name = label.split(".")
        response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
        if response.status_code != 200:
            refused.append(f"{label}: {response.status_code}")
    assert refused == []
    assert len(changelists()) > 30  # the registry was read, not an empty list


def test_an_officer_cannot_grant_privileges_not_even_to_themselves(officer):
    client = signed_in(officer)
    url = reverse("admin:accounts_user_change", args=[officer.pk])
    form = client.get(url).context["adminform"].form
    assert not {"is_superuser", "groups", "user_permissions"} & set(form.fields)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_a_superuser_grants_them(superuser):
    client = signed_in(superuser)
    coordinator = factories.CoordinatorFactory()
    form = client.get(reverse("admin:accounts_user_change", args=[coordinator.pk])).context["adminform"].form
    assert {"is_superuser", "groups", "user_permissions"} <= set(form.fields)
    assert User.objects.filter(is_superuser=True).count() == 1
