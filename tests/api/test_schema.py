"""The OpenAPI schema: valid, warning-free, equal to the committed openapi/schema.yaml, and true to the API."""

import collections
import functools
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction

from accounts.tokens import TokenScope

from .conftest import token_client

COMMITTED = Path(settings.BASE_DIR) / "openapi" / "schema.yaml"


def test_generated_schema_is_valid_and_equals_the_committed_one(tmp_path):
    generated = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    assert generated.read_text() == COMMITTED.read_text(), (
        "The API changed: regenerate with `manage.py spectacular --validate --fail-on-warn --file openapi/schema.yaml` "
        "and commit it."
    )


@functools.cache
def committed_schema():
    return yaml.safe_load(COMMITTED.read_text())


# Property-based runs of the whole API: every operation with every method, as each kind of caller. Hypothesis is
# derandomized (a fixed seed), so a run is repeatable and CI never flakes; together the roles send over 2,000 requests.
EXAMPLES_PER_OPERATION = 10
ROLES = ("partner", "coordinator", "staff")


@pytest.fixture
def schemathesis_schema(world, officer, kz_coordinator, partner_system):
    import schemathesis

    from cica_portal.wsgi import application

    keys = {
        "partner": token_client(partner_system, TokenScope.READ).key,
        "coordinator": token_client(kz_coordinator).key,
        "staff": token_client(officer).key,
    }
    # Like Django's test client: the end of a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    # The committed contract (the first test proves it is what the API serves), read once instead of generated per
    # role; the cases are sent to the WSGI application.
    schema = schemathesis.openapi.from_dict(committed_schema())
    schema.app = application
    yield schema, keys
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_finds_no_server_errors_and_no_schema_violations(schemathesis_schema, role, settings):
    """Every operation and method as `role`: no 5xx, every status documented, every answer matches the schema."""
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hypothesis_settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    schema, keys = schemathesis_schema
    headers = {"Authorization": f"Token {keys[role]}"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None}}
    sent = []

    def exercise(operation):
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            with transaction.atomic():  # each case in a savepoint, rolled back: cases do not affect each other
                response = case.call(headers=headers)
                transaction.set_rollback(True)
            sent.append(response.status_code)
            case.validate_response(
                response,
                checks=(
                    not_a_server_error,
                    response_schema_conformance,
                    status_code_conformance,
                    content_type_conformance,
                ),
            )

        run()

    operations = [result.ok() for result in schema.get_all_operations()]
    methods = {operation.method.upper() for operation in operations}
    assert len(operations) >= 70 and {"GET", "POST", "PATCH", "DELETE"} <= methods
    for operation in operations:
        exercise(operation)  # raises schemathesis' failure report on the first broken operation
    statuses = dict(sorted(collections.Counter(sent).items()))
    print(f"schemathesis as {role}: {len(sent)} requests over {len(operations)} operations, statuses {statuses}")
    assert len(sent) >= 700  # per role; the three roles together send over 2,000
    assert statuses.get(200, 0) >= 100  # the cases reach real rows, not only refusals
    assert not [status for status in sent if status >= 500]


def conformance_checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)


def served(schema, path, method, key, **case):
    """Send one request built from the committed contract's operation; raise unless the answer conforms to it."""
    operation = schema[path][method]
    request = operation.Case(**case)
    with transaction.atomic():
        response = request.call(headers={"Authorization": f"Token {key}"})
        transaction.set_rollback(True)
    request.validate_response(response, checks=conformance_checks())
    return response


def content_type_of(response):
    return next(values[0] for name, values in response.headers.items() if name.lower() == "content-type")


def test_documented_error_bodies_match_what_is_served(schemathesis_schema):
    """Nested field errors (a list's item) are documented as dotted field paths: the 400 of POST /webhooks/."""
    schema, keys = schemathesis_schema
    body = {"name": "sync", "owner": "unodc-system", "url": "https://partner.example.org/hook", "events": ["nope", 1]}
    response = served(schema, "/api/v1/webhooks/", "POST", keys["staff"], body=body, media_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"events.0", "events.1"} and all(isinstance(m, list) for m in errors.values())


@pytest.mark.parametrize(
    ("accept", "name", "content_type"),
    [
        ("application/pdf", "text.pdf", "application/pdf"),
        ("*/*", "plan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("application/octet-stream", "photo.png", "image/png"),
    ],
)
def test_downloads_are_served_with_the_files_own_type_as_documented(
    schemathesis_schema, world, accept, name, content_type
):
    from django.core.files.base import ContentFile

    from tests import factories

    schema, keys = schemathesis_schema
    version = world.public_doc.language_versions.get()
    version.file.save(name, ContentFile(b"content"), save=True)
    response = served(
        schema,
        "/api/v1/documents/{id}/download/{language}/",
        "GET",
        keys["partner"],
        path_parameters={"id": world.public_doc.pk, "language": "en"},
        headers={"Accept": accept},
    )
    assert response.status_code == 200 and content_type_of(response) == content_type

    attachment = factories.ReportAttachmentFactory(report=world.kz_accepted, file=ContentFile(b"x", name=name))
    response = served(
        schema,
        "/api/v1/reports/{id}/attachments/{attachment_pk}/",
        "GET",
        keys["coordinator"],
        path_parameters={"id": world.kz_accepted.pk, "attachment_pk": attachment.pk},
    )
    assert response.status_code == 200 and content_type_of(response) == content_type


def test_the_served_schema_is_the_committed_contract_without_generating_it(client, db, monkeypatch):
    """/api/schema/ (and so /api/docs/) answers from the committed file, read once per process: no request runs the
    generator, which takes seconds."""
    from drf_spectacular.generators import SchemaGenerator

    def refuse(*args, **kwargs):
        raise AssertionError("the schema was generated for a request")

    monkeypatch.setattr(SchemaGenerator, "get_schema", refuse)
    for _ in range(2):
        response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response.json() == committed_schema()
    assert yaml.safe_load(client.get("/api/schema/").content) == committed_schema()
