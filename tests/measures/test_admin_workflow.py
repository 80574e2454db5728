"""Staff move reports, plans and measures through their workflow from the admin change page: each step a button
with the inputs it asks for, taken on its own, recorded once with who took it."""

import pytest
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from measures.models import ImplementationReport
from tests.factories import ActionPlanFactory, ImplementationReportFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def change_form_data(client, url):
    """The change form's current values, as the browser would post them back."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or isinstance(value, FieldFile):
            continue
        if isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = value.pk if hasattr(value, "pk") else value
    for formset in client.get(url).context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for key, value in management.initial.items():
            data[f"{management.prefix}-{key}"] = value
    return data


def test_the_change_page_shows_the_workflow_buttons_and_the_status_is_read_only(staff_client):
    report = ImplementationReportFactory(status="submitted")
    page = staff_client.get(reverse("admin:measures_implementationreport_change", args=[report.pk]))
    assert b'name="_workflow_step" value="accept"' in page.content
    assert b'name="_workflow_step" value="return"' in page.content
    assert b'name="_workflow_step" value="submit"' not in page.content
    assert "status" not in page.context["adminform"].form.fields


def test_staff_accept_a_submitted_report_from_its_page(staff_client, officer):
    report = ImplementationReportFactory(status="submitted")
    url = reverse("admin:measures_implementationreport_change", args=[report.pk])
    response = staff_client.post(url, {**change_form_data(staff_client, url), "_workflow_step": "accept"}, follow=True)
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == ("accepted", officer)
    latest = report.history.first()
    assert (latest.history_user, latest.history_change_reason) == (officer, "Accept")
    assert report.history.count() == 2, "one entry for the row, one for the step: no empty 'Changed' entry"
    assert response.status_code == 200


def test_staff_return_a_report_with_the_feedback_they_typed(staff_client):
    report = ImplementationReportFactory(status="submitted")
    url = reverse("admin:measures_implementationreport_change", args=[report.pk])
    data = {
        **change_form_data(staff_client, url),
        "return-feedback": "Add the Q2 workshops.",
        "_workflow_step": "return",
    }
    staff_client.post(url, data)
    report.refresh_from_db()
    assert (report.status, report.feedback) == ("returned", "Add the Q2 workshops.")


def test_returning_without_feedback_shows_why_and_changes_nothing(staff_client):
    report = ImplementationReportFactory(status="submitted")
    url = reverse("admin:measures_implementationreport_change", args=[report.pk])
    response = staff_client.post(url, {**change_form_data(staff_client, url), "_workflow_step": "return"}, follow=True)
    assert "Say why the report is returned." in response.content.decode()
    assert ImplementationReport.objects.get(pk=report.pk).status == "submitted"


def test_a_proposed_measure_is_considered_then_adopted_from_its_page(staff_client):
    measure = MeasureFactory(status="proposed", adopted_on=None)
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    staff_client.post(url, {**change_form_data(staff_client, url), "_workflow_step": "consider"})
    measure.refresh_from_db()
    assert measure.status == "under_consideration"
    staff_client.post(url, {**change_form_data(staff_client, url), "_workflow_step": "adopt"})
    measure.refresh_from_db()
    assert measure.status == "adopted" and measure.adopted_on is not None


def test_staff_approve_an_action_plan_from_its_page(staff_client):
    plan = ActionPlanFactory(status="draft", approved_on=None)
    url = reverse("admin:measures_actionplan_change", args=[plan.pk])
    staff_client.post(url, {**change_form_data(staff_client, url), "_workflow_step": "approve"})
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_on is not None


def test_a_revert_from_the_history_page_keeps_the_status_and_its_stamps(staff_client, officer):
    report = ImplementationReportFactory(status="submitted", narrative="First text.")
    from measures.workflows import REPORT_WORKFLOW

    REPORT_WORKFLOW.take(report, officer, "accept")
    submitted_version = report.history.order_by("history_date").first()
    url = reverse("admin:measures_implementationreport_simple_history", args=[report.pk, submitted_version.history_id])
    page = staff_client.get(url)
    assert "A revert is not a workflow step" in page.content.decode()
    staff_client.post(url, change_form_data(staff_client, url))
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == ("accepted", officer)


def test_a_change_page_saved_after_someone_else_saved_is_refused(staff_client):
    report = ImplementationReportFactory(status="submitted", narrative="Original.")
    url = reverse("admin:measures_implementationreport_change", args=[report.pk])
    opened = change_form_data(staff_client, url)
    staff_client.post(url, {**change_form_data(staff_client, url), "narrative": "The first editor's text."})
    response = staff_client.post(url, {**opened, "narrative": "The second editor's text."})
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    report.refresh_from_db()
    assert report.narrative == "The first editor's text."
