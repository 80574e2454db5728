"""A status looks the same wherever it is shown: one tone per meaning (core.status), one stylesheet for its colours."""

import re

import pytest
from django.urls import reverse

from core.status import TONES, tone_of
from measures.choices import ReportStatus
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def tones_shown(html, status):
    return set(re.findall(rf'class="badge tone-(\w+)" data-status="{status}"', html))


def test_the_admin_and_the_portal_show_a_returned_report_in_the_same_tone(client, officer):
    factories.ImplementationReportFactory(status=ReportStatus.RETURNED, feedback="Add the figures.")
    sign_in(client, officer)

    admin = client.get(reverse("admin:measures_implementationreport_changelist"), secure=True)
    portal = client.get(reverse("measures:report_list"))

    assert tones_shown(admin.content.decode(), "returned") == {"warning"}
    assert tones_shown(portal.content.decode(), "returned") == {"warning"}
    assert b"css/status.css" in admin.content and b"css/status.css" in portal.content


def test_every_status_of_every_model_has_a_tone_of_its_own_meaning():
    from django.apps import apps

    statuses = set()
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "status" and f.choices), None)
        if field is not None:
            statuses |= {value for value, _label in field.choices}
    assert statuses - set(TONES) == set(), "give each new status value its meaning in core/status.py"
    assert tone_of("an-unknown-status") == tone_of("an-unknown-status")
