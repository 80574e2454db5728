"""The Secretariat's admin: every domain model is listed, searchable, filterable and editable; list pages run a
fixed number of queries however many rows there are; bad input is refused with a clear field error; every
change is kept in a history that names who made it."""

import datetime
import inspect
from functools import reduce

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factory.django import DjangoModelFactory

from measures.models import Coordination
from secretariat.models import Decision, DocumentSymbolSequence, Meeting
from tests import factories

DOMAIN_APPS = (
    "accounts",
    "chairmanship",
    "measures",
    "secretariat",
    "relations",
    "participation",
    "speakers",
    "silence",
)
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS),
    key=lambda m: m._meta.label,
)
_FACTORIES = [
    f
    for _, f in inspect.getmembers(factories, inspect.isclass)
    if issubclass(f, DjangoModelFactory) and f is not DjangoModelFactory and f._meta.model is not None
]


# Rows made by their model's own API rather than a factory (an API token's key is generated when issued).
BUILDERS = {
    "accounts.APIToken": lambda: apps.get_model("accounts", "APIToken").objects.issue(
        user=factories.UserFactory(), name="Partner data sync"
    )[0],
}


def factory_for(model):
    """The model's own factory (CountryFactory for Country), else the first that builds it, else its builder."""
    candidates = [f for f in _FACTORIES if f._meta.model is model]
    named = [f for f in candidates if f.__name__ == f"{model.__name__}Factory"]
    if named or candidates:
        return (named or candidates)[0]
    assert model._meta.label in BUILDERS, f"add a factory for {model._meta.label} to tests/factories.py"
    return BUILDERS[model._meta.label]


def create_rows(model, count):
    build = factory_for(model)
    return [build() for _ in range(count)]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management_data(response):
    """The empty management forms of every inline on an add or change page, so a POST can be built by hand."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


@pytest.fixture(autouse=True)
def _plain_http_and_static_files(settings):
    # Tests talk plain HTTP to the test server; the manifest storage needs collectstatic, the pages only file names.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_every_domain_model_is_in_the_admin():
    models = {
        m
        for app in DOMAIN_APPS
        for m in apps.get_app_config(app).get_models()
        if not m.__name__.startswith("Historical")
    }
    assert sorted(m.__name__ for m in models - set(REGISTERED)) == []
    assert not [m for m in REGISTERED if m.__name__.startswith("Historical")]


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
class TestEveryModelAdmin:
    def test_changelist_search_filters_add_and_change_pages_answer(self, staff_client, model):
        obj = factory_for(model)()
        model_admin = admin.site._registry[model]

        response = staff_client.get(url(model, "changelist"))
        assert response.status_code == 200
        assert obj.pk in [row.pk for row in response.context["cl"].result_list]

        assert model_admin.search_fields, "every model is searchable"
        term = search_term(obj, model_admin.search_fields)
        response = staff_client.get(url(model, "changelist"), {"q": term})
        assert response.status_code == 200
        assert obj.pk in [row.pk for row in response.context["cl"].result_list], term

        changelist = response.context["cl"]
        for spec in changelist.filter_specs:
            choices = [c for c in spec.choices(changelist) if not c["selected"]][:1]
            for choice in choices:
                assert staff_client.get(url(model, "changelist") + choice["query_string"]).status_code == 200

        add = staff_client.get(url(model, "add"))
        expected_add = 200 if model_admin.has_add_permission(_request_of(response)) else 403
        assert add.status_code == expected_add
        assert staff_client.get(url(model, "change", obj.pk)).status_code == 200
        if hasattr(model, "history"):
            assert staff_client.get(url(model, "history", obj.pk)).status_code == 200

    def test_changelist_query_count_does_not_grow_with_rows(self, staff_client, model):
        create_rows(model, 2)
        staff_client.get(url(model, "changelist"))  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as few:
            assert staff_client.get(url(model, "changelist")).status_code == 200
        create_rows(model, 5)
        with CaptureQueriesContext(connection) as many:
            response = staff_client.get(url(model, "changelist"))
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) >= 7
        assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def _request_of(response):
    return response.wsgi_request


def search_term(obj, search_fields):
    """The value of the first search field that has one, read through relations (`measure__title`)."""
    for field in search_fields:
        path = field.lstrip("=^@").split("__")
        try:
            value = reduce(lambda o, attr: getattr(o, attr), path, obj)
        except AttributeError:
            continue  # a reverse relation such as language_versions__title
        if value not in (None, "") and not hasattr(value, "all"):
            return str(value)
    raise AssertionError(f"no searchable value on {obj!r}")


# Bad input gets a clear field error and saves nothing.


@pytest.mark.django_db
def test_a_meeting_that_ends_before_it_starts_is_refused(staff_client):
    body = factories.MeetingBodyFactory(code="SWG")
    page = staff_client.get(url(Meeting, "add"))
    data = {
        **management_data(page),
        "body": body.pk,
        "number": "1",
        "start_on": "2021-06-22",
        "end_on": "2021-06-20",
        "status": "planned",
    }
    response = staff_client.post(url(Meeting, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_on"] == ["The end date cannot be before the start date."]
    assert "The end date cannot be before the start date." in response.content.decode()
    assert Meeting.objects.count() == 0


@pytest.mark.django_db
def test_an_observer_state_cannot_coordinate_a_measure(staff_client):
    measure = factories.MeasureFactory()
    observer = factories.ObserverStateFactory()
    response = staff_client.post(
        url(Coordination, "add"),
        {"measure": measure.pk, "country": observer.pk, "role": "coordinator", "start_on": "2021-01-01"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == [
        "Only a CICA member state can coordinate a measure."
    ]
    assert Coordination.objects.count() == 0


@pytest.mark.django_db
def test_a_coordination_overlapping_an_earlier_one_is_refused(staff_client):
    existing = factories.CoordinationFactory(start_on=datetime.date(2020, 1, 1), end_on=None)
    response = staff_client.post(
        url(Coordination, "add"),
        {
            "measure": existing.measure.pk,
            "country": existing.country.pk,
            "role": "co_coordinator",
            "start_on": "2021-01-01",
        },
    )
    assert response.status_code == 200
    message = f"{existing.country} already coordinates this measure for an overlapping period."
    assert response.context["adminform"].form.non_field_errors() == [message]
    assert message in response.content.decode()
    assert Coordination.objects.count() == 1


def _measure_change_data(staff_client, measure, rows):
    page = staff_client.get(url(measure, "change", measure.pk))
    data = {
        **management_data(page),
        "dimension": measure.dimension.pk,
        "code": measure.code,
        "title": measure.title,
        "status": measure.status,
        "adopted_on": measure.adopted_on.isoformat(),
        "coordinations-TOTAL_FORMS": str(len(rows)),
    }
    for i, row in enumerate(rows):
        data.update({f"coordinations-{i}-{k}": v for k, v in row.items()})
    return data


@pytest.mark.django_db
def test_the_measure_page_refuses_an_observer_state_as_coordinator(staff_client):
    measure = factories.MeasureFactory()
    observer = factories.ObserverStateFactory()
    rows = [{"country": observer.pk, "role": "coordinator", "start_on": "2021-01-01"}]
    response = staff_client.post(url(measure, "change", measure.pk), _measure_change_data(staff_client, measure, rows))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].errors["country"] == ["Only a CICA member state can coordinate a measure."]
    assert "Only a CICA member state can coordinate a measure." in response.content.decode()
    assert Coordination.objects.count() == 0


@pytest.mark.django_db
def test_the_measure_page_refuses_overlapping_coordinations_of_one_country(staff_client):
    measure = factories.MeasureFactory()
    kazakhstan = factories.CountryFactory(iso2="KZ", name="Kazakhstan")
    rows = [
        {"country": kazakhstan.pk, "role": "coordinator", "start_on": "2020-01-01", "end_on": "2022-12-31"},
        {"country": kazakhstan.pk, "role": "co_coordinator", "start_on": "2022-01-01"},
    ]
    response = staff_client.post(url(measure, "change", measure.pk), _measure_change_data(staff_client, measure, rows))
    assert response.status_code == 200
    message = "Kazakhstan already coordinates this measure for an overlapping period."
    formset = response.context["inline_admin_formsets"][0].formset
    assert message in formset.forms[1].non_field_errors()
    assert message in response.content.decode()
    assert Coordination.objects.count() == 0


@pytest.mark.django_db
def test_the_measure_page_refuses_a_coordination_overlapping_a_saved_one(staff_client):
    existing = factories.CoordinationFactory(start_on=datetime.date(2020, 1, 1), end_on=None)
    measure = existing.measure
    rows = [{"country": existing.country.pk, "role": "co_coordinator", "start_on": "2021-01-01"}]
    data = _measure_change_data(staff_client, measure, rows)
    # The saved row is shown too, unchanged.
    data.update(
        {
            "coordinations-TOTAL_FORMS": "2",
            "coordinations-INITIAL_FORMS": "1",
            "coordinations-0-id": existing.pk,
            "coordinations-0-measure": measure.pk,
            "coordinations-0-country": existing.country.pk,
            "coordinations-0-role": existing.role,
            "coordinations-0-start_on": "2020-01-01",
            "coordinations-1-country": existing.country.pk,
            "coordinations-1-role": "co_coordinator",
            "coordinations-1-start_on": "2021-01-01",
        }
    )
    response = staff_client.post(url(measure, "change", measure.pk), data)
    assert response.status_code == 200
    message = f"{existing.country} already coordinates this measure for an overlapping period."
    assert message in response.content.decode()
    assert Coordination.objects.count() == 1


# History, referral chains, document symbols.


@pytest.mark.django_db
def test_the_history_page_shows_what_changed_and_who_changed_it(staff_client, officer):
    meeting = factories.MeetingFactory(venue="Astana")
    page = staff_client.get(url(Meeting, "change", meeting.pk))
    data = {
        **management_data(page),
        "body": meeting.body.pk,
        "number": meeting.number,
        "start_on": meeting.start_on.isoformat(),
        "end_on": meeting.end_on.isoformat(),
        "venue": "Almaty",
        "host_country": meeting.host_country.pk,
        "status": "convened",
    }
    response = staff_client.post(url(Meeting, "change", meeting.pk), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors

    history = staff_client.get(url(Meeting, "history", meeting.pk))
    assert history.status_code == 200
    latest = history.context["page_obj"].object_list[0]
    assert latest.history_user == officer
    assert latest.get_history_type_display() == "Changed"
    changes = {str(c["field"]).lower(): (c["old"], c["new"]) for c in latest.history_delta_changes}
    assert changes["venue (english)"] == ("Astana", "Almaty")
    html = history.content.decode()
    assert "officer" in html
    assert "Almaty" in html


@pytest.mark.django_db
def test_a_decision_page_shows_the_chain_of_referrals(staff_client):
    swg = factories.MeetingBodyFactory(code="SWG", level=1)
    cso = factories.MeetingBodyFactory(code="CSO", level=2)
    recommendation = factories.DecisionFactory(
        meeting=factories.MeetingFactory(
            body=swg, start_on=datetime.date(2021, 3, 1), end_on=datetime.date(2021, 3, 2)
        ),
        title="Recommend a workshop",
    )
    decision = factories.DecisionFactory(
        meeting=factories.MeetingFactory(body=cso), referred_from=recommendation, title="Hold a workshop"
    )
    response = staff_client.get(url(Decision, "change", decision.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "referral-chain" in html
    assert url(Decision, "change", recommendation.pk) in html
    assert html.index("Recommend a workshop") < html.index("<strong>CSO")


@pytest.mark.django_db
def test_a_document_symbol_is_explained_on_add_and_fixed_once_given(staff_client):
    add = staff_client.get(reverse("admin:secretariat_document_add"))
    assert "Symbol rule: CICA/[body code]/[year]/[n] for a meeting" in add.content.decode()
    assert "symbol" in add.context["adminform"].form.fields

    document = factories.DocumentFactory()
    assert document.symbol.startswith("CICA/")
    change = staff_client.get(reverse("admin:secretariat_document_change", args=[document.pk]))
    assert "symbol" not in change.context["adminform"].form.fields
    assert document.symbol in change.content.decode()


@pytest.mark.django_db
def test_symbol_counters_can_be_read_but_not_changed(staff_client):
    sequence = factories.DocumentSymbolSequenceFactory(prefix="CICA/SWG/2021", last_number=3)
    assert staff_client.get(url(DocumentSymbolSequence, "change", sequence.pk)).status_code == 200
    response = staff_client.post(url(DocumentSymbolSequence, "change", sequence.pk), {"last_number": "1"})
    assert response.status_code == 403
    sequence.refresh_from_db()
    assert sequence.last_number == 3


# State changes from the admin go through the services.


@pytest.mark.django_db
def test_accepting_reports_from_the_list_uses_the_workflow_and_explains_refusals(staff_client, officer):
    from measures.models import ImplementationReport

    submitted = factories.ImplementationReportFactory(status="submitted")
    draft = factories.ImplementationReportFactory()
    response = staff_client.post(
        url(ImplementationReport, "changelist"),
        {"action": "step_accept", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == ("accepted", officer)
    assert draft.status == "draft"
    shown = [str(m) for m in response.context["messages"]]
    assert "Accept: 1 record updated." in shown
    assert any(m.startswith(str(draft)) and "cannot go from draft to accepted" in m for m in shown), shown
