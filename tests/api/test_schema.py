"""The OpenAPI schema: valid, warning-free, equal to the committed openapi/schema.yaml, and true to the API."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction

from .conftest import client_with_token

COMMITTED = Path(settings.BASE_DIR) / "openapi" / "schema.yaml"


def test_generated_schema_is_valid_and_equals_the_committed_one(tmp_path):
    generated = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    assert generated.read_text() == COMMITTED.read_text(), (
        "The API changed: regenerate with `manage.py spectacular --validate --fail-on-warn --file openapi/schema.yaml` "
        "and commit it."
    )


@pytest.fixture
def schemathesis_schema(world, officer):
    import schemathesis

    from cica_portal.wsgi import application

    client = client_with_token(officer)
    # Like Django's test client: the end of a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    yield schema, client.key
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_errors_and_no_schema_violations(schemathesis_schema):
    """Bounded property-based run of every GET operation as staff: no 5xx and every answer matches the schema."""
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hypothesis_settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    schema, key = schemathesis_schema

    def exercise(operation):
        @hypothesis_settings(
            max_examples=5,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            with transaction.atomic():  # each case in a savepoint, rolled back: cases do not affect each other
                response = case.call(headers={"Authorization": f"Token {key}"})
                transaction.set_rollback(True)
            case.validate_response(
                response, checks=(not_a_server_error, response_schema_conformance, status_code_conformance)
            )

        run()

    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) >= 40
    for operation in operations:
        exercise(operation)  # raises schemathesis' failure report on the first broken operation
