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


def fuzz(operation, headers_for) -> None:
    """Run ``operation`` with generated requests; raises on the first failed check."""

    @given(case=operation.as_strategy())
    @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers_for(), checks=CHECKS)

    run()


def test_every_operation_answers_within_its_schema(deputy, station):
    token = token_for(deputy)
    failures = []
    for operation in operations():
        # Revoking ends the token it is called with: that operation gets a fresh one each time.
        if operation.label.startswith("DELETE /api/v1/tokens/"):
            headers_for = lambda: {"Authorization": f"Bearer {token_for(deputy)}"}  # noqa: E731
        else:
            headers_for = lambda: {"Authorization": f"Bearer {token}"}  # noqa: E731
        try:
            fuzz(operation, headers_for)
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
