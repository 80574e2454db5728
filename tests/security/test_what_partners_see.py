"""A partner learns nothing about what it may not read: hidden ids filter like unknown ids; no staff usernames."""

import pytest
from django.test import Client

from measures.choices import PlanStatus, ReportStatus
from secretariat.choices import Distribution
from tests import factories
from tests.conftest import sign_in, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(partner_system):
    return token_client(partner_system)


@pytest.fixture
def plans():
    approved = factories.ActionPlanFactory()
    draft = factories.ActionPlanFactory(status=PlanStatus.DRAFT, approved_on=None)
    factories.ActivityFactory(action_plan=approved)
    factories.ActivityFactory(action_plan=draft)
    return approved, draft


def test_a_filter_on_a_hidden_plan_answers_exactly_like_an_unknown_plan(partner, plans):
    approved, draft = plans
    hidden = partner.get(f"/api/v1/activities/?action_plan={draft.pk}")
    unknown = partner.get("/api/v1/activities/?action_plan=999999")
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json() == {
        **unknown.json(),
        "errors": {"action_plan": [unknown.json()["errors"]["action_plan"][0].replace("999999", str(draft.pk))]},
    }
    visible = partner.get(f"/api/v1/activities/?action_plan={approved.pk}")
    assert visible.status_code == 200 and visible.json()["count"] == 1


def test_staff_and_the_plans_country_filter_on_draft_plans(officer, plans):
    _approved, draft = plans
    response = token_client(officer).get(f"/api/v1/activities/?action_plan={draft.pk}")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_a_filter_on_a_public_meeting_still_hides_its_restricted_documents(partner):
    meeting = factories.MeetingFactory()
    factories.DocumentFactory(meeting=meeting, distribution=Distribution.RESTRICTED)
    response = partner.get(f"/api/v1/documents/?meeting={meeting.pk}")
    assert response.status_code == 200 and response.json()["count"] == 0  # meetings are public; the document not


def all_filtersets():
    from core.filters import BaseFilterSet

    pending, found = [BaseFilterSet], []
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass._meta.model is not None:
                found.append(subclass)
    return found


def test_every_filter_naming_a_row_offers_only_the_rows_the_user_may_see(partner_system):
    """Once, in core.filters.BaseFilterSet: every ModelChoiceFilter of every FilterSet, today's and tomorrow's."""
    from django.test import RequestFactory
    from django_filters.filters import QuerySetRequestMixin

    from core.permissions import VIEW, restrict

    request = RequestFactory().get("/")
    request.user = partner_system
    checked = 0
    for filterset_class in all_filtersets():
        filterset = filterset_class({}, queryset=filterset_class._meta.model.objects.none(), request=request)
        for name, filter_ in filterset.filters.items():
            if isinstance(filter_, QuerySetRequestMixin):
                offered = filterset.form.fields[name].queryset
                declared = filterset_class.base_filters[name].queryset  # as written in the FilterSet
                expected = restrict(declared.all(), partner_system, VIEW)
                assert str(offered.query) == str(expected.query), (filterset_class.__name__, name)
                checked += 1
    assert checked >= 4


def test_partners_and_coordinators_do_not_see_who_reviewed_a_report(officer, partner, kz_coordinator, kazakhstan):
    report = factories.ImplementationReportFactory(
        country=kazakhstan, status=ReportStatus.ACCEPTED, reviewed_by=officer
    )
    for client in (partner, token_client(kz_coordinator)):
        body = client.get(f"/api/v1/reports/{report.pk}/").json()
        assert body["reviewed_by"] is None
        assert "officer" not in str(body)
    assert token_client(officer).get(f"/api/v1/reports/{report.pk}/").json()["reviewed_by"] == "officer"


def test_the_portal_cannot_be_used_by_a_partner_system(partner_system):
    assert sign_in(Client(), partner_system).get("/portal/").status_code == 403


def test_a_choice_field_built_before_the_request_still_offers_only_visible_rows(partner_system, plans):
    from django.test import RequestFactory

    from measures.filters import ActivityFilterSet
    from measures.models import Activity

    approved, draft = plans
    ActivityFilterSet.base_filters["action_plan"].field  # noqa: B018 - built and cached on the shared declaration
    request = RequestFactory().get("/")
    request.user = partner_system
    filterset = ActivityFilterSet({}, queryset=Activity.objects.none(), request=request)
    offered = set(filterset.form.fields["action_plan"].queryset)
    assert approved in offered and draft not in offered
