"""The admin door of a procedure: a draft is edited freely; once under silence the text, the states and the expiry
are fixed (the step extend moves the expiry), whatever the posted form says."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.measures.test_admin_workflow import change_form_data

pytestmark = pytest.mark.django_db


def test_a_running_procedures_expiry_and_states_stay_as_they_are_when_the_form_posts_others(staff_client, kazakhstan):
    expiry = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    running = factories.SilenceProcedureFactory(expires_at=expiry, states=[kazakhstan])
    india = factories.CountryFactory(iso2="IN")
    url = reverse("admin:silence_silenceprocedure_change", args=[running.pk])
    later = timezone.localtime(expiry + datetime.timedelta(days=5))

    data = {
        **change_form_data(staff_client, url),
        "expires_at_0": later.date().isoformat(),
        "expires_at_1": later.time().isoformat(),
        "states": [kazakhstan.pk, india.pk],
        "note": "Circulated again.",
    }
    answer = staff_client.post(url, data)

    assert answer.status_code == 302, answer.context["adminform"].form.errors
    running.refresh_from_db()
    assert (running.note, running.expires_at, list(running.states.all())) == ("Circulated again.", expiry, [kazakhstan])


def test_a_drafts_expiry_is_edited_in_the_admin(staff_client, kazakhstan):
    expiry = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    draft = factories.SilenceProcedureFactory(expires_at=expiry, states=[kazakhstan], status="draft")
    url = reverse("admin:silence_silenceprocedure_change", args=[draft.pk])
    later = timezone.localtime(expiry + datetime.timedelta(days=5))

    data = {
        **change_form_data(staff_client, url),
        "expires_at_0": later.date().isoformat(),
        "expires_at_1": later.time().isoformat(),
    }
    answer = staff_client.post(url, data)

    assert answer.status_code == 302, answer.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.expires_at == expiry + datetime.timedelta(days=5)
