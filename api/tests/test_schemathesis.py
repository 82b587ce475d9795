"""schemathesis drives every API operation with generated requests: no 5xx, no response outside the schema.

The operations are run with a deputy's device token; the public ones ignore it. schemathesis's pytest
plugin does not run on this pytest, so each operation's strategy is driven by hypothesis directly.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from api.tests.helpers import token_for

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_test_connection():
    # As Django's test client does: a request must not close the test's own connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def operations():
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_lists_every_operation(db):
    labels = {op.label for op in operations()}
    assert "POST /api/v1/suggestions" in labels
    assert "GET /api/v1/public/{code}/messages/{tracking_code}" in labels
    assert len(labels) >= 14


def test_every_operation_answers_within_its_schema(deputy, station):
    headers = {"Authorization": f"Bearer {token_for(deputy)}"}
    failures = []
    for operation in operations():
        # Revoking ends the token it is called with: that operation gets a fresh one each time.
        revokes = operation.label.startswith("DELETE /api/v1/tokens/")

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case, fresh=revokes):
            auth = {"Authorization": f"Bearer {token_for(deputy)}"} if fresh else headers
            case.call_and_validate(headers=auth, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
