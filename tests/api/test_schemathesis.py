"""Property-based run of schemathesis against the app in process, with a token per role:
no 5xx, and every response matches the OpenAPI document. Bounded in examples (a few per
operation), so it takes about a minute, as part of ``make test``.

schemathesis' own pytest loader (``from_fixture``) does not run under this pytest, so the
operations are driven through hypothesis here, one ``@given`` per operation.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from exchange.extensions import db

ROLES = ("admin", "hr_tf", "zx")  # every kind of scope: all, one district's, one's own
# No 5xx, and every response as documented. Not "a schema-valid request is accepted": a
# well-formed cursor this API did not give out, or a date outside a posting, is rightly 422.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_api_keeps_its_schema(app, world, api_tokens):
    with app.app_context():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 29

    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy())
        def check(case):
            for role in ROLES:
                with app.app_context():
                    case.call_and_validate(
                        headers={"Authorization": f"Bearer {api_tokens[role]}"}, checks=CHECKS
                    )
                    db.session.rollback()

        check()
