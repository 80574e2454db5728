"""The portal's generic create and edit views ask the permission rule of the row as written, before commit: a row the
user may not keep is refused with 403 and nothing of it stays, whatever the form let through. (The portal's own
forms expose no field that could hand a row to another state; these views do, as a tampered or careless form
would, to show that the generic check, not each form, is what holds.)"""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from core.views.generic import ObjectCreateView, ObjectEditView
from measures.models import ActionPlan, Activity, ImplementationReport, Measure
from tests import factories

pytestmark = pytest.mark.django_db


class ReportWithCountryForm(forms.ModelForm):
    class Meta:
        model = ImplementationReport
        fields = ["country", "period_start", "period_end", "progress", "narrative"]


class CreateReport(ObjectCreateView):
    model = ImplementationReport
    parent_model = Measure
    form_class = ReportWithCountryForm

    def build_instance(self):
        return ImplementationReport(measure=self.parent)

    def get_success_url(self):
        return "/done/"


class ActivityWithPlanForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["action_plan", "title", "kind", "start_on", "status", "progress"]


class EditActivity(ObjectEditView):
    model = Activity
    form_class = ActivityWithPlanForm

    def get_success_url(self):
        return "/done/"


@pytest.fixture
def two_states(kazakhstan, india):
    kz_measure, in_measure = factories.MeasureFactory(), factories.MeasureFactory()
    factories.CoordinationFactory(measure=kz_measure, country=kazakhstan)
    factories.CoordinationFactory(measure=in_measure, country=india)
    # India coordinated the Kazakh measure once: a report of India on it passes the model's own rules.
    factories.CoordinationFactory(
        measure=kz_measure, country=india, start_on="2020-01-01", end_on="2021-12-31", role="co_coordinator"
    )
    return {
        "kz_measure": kz_measure,
        "kz_plan": factories.ActionPlanFactory(measure=kz_measure),
        "in_plan": factories.ActionPlanFactory(measure=in_measure),
        "india": india,
    }


def post(view, user, data, **kwargs):
    request = RequestFactory().post("/", data)
    request.user = user
    return view.as_view()(request, **kwargs)


def test_a_create_the_rule_does_not_keep_is_refused_and_rolled_back(kz_coordinator, two_states):
    data = {
        "country": two_states["india"].pk,  # a report for another state
        "period_start": "2021-01-01",
        "period_end": "2021-06-30",
        "progress": 10,
        "narrative": "Not ours to write.",
    }
    with pytest.raises(PermissionDenied):
        post(CreateReport, kz_coordinator, data, pk=two_states["kz_measure"].pk)
    assert not ImplementationReport.objects.exists()

    data["country"] = kz_coordinator.country_id  # the same form, for their own state, is kept
    assert post(CreateReport, kz_coordinator, data, pk=two_states["kz_measure"].pk).status_code == 302
    assert ImplementationReport.objects.get().country == kz_coordinator.country


def test_an_edit_that_hands_the_row_to_another_state_is_refused_and_rolled_back(kz_coordinator, two_states):
    activity = factories.ActivityFactory(action_plan=two_states["kz_plan"], title="Seminar")
    data = {
        "action_plan": two_states["in_plan"].pk,  # moved under India's measure
        "title": "Seminar",
        "kind": activity.kind,
        "start_on": activity.start_on.isoformat(),
        "status": activity.status,
        "progress": activity.progress,
    }
    with pytest.raises(PermissionDenied):
        post(EditActivity, kz_coordinator, data, pk=activity.pk)
    activity.refresh_from_db()
    assert activity.action_plan == two_states["kz_plan"]
    assert ActionPlan.objects.get(pk=two_states["in_plan"].pk).activities.count() == 0
