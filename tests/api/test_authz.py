"""Every API endpoint × every role, from tests/api/authz.py; no endpoint may be missing."""

import pytest

from exchange import create_app
from exchange.extensions import db
from tests.api.authz import ROLES, ROWS
from tests.api.conftest import Api


def test_every_api_endpoint_has_rows_in_the_table():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    covered = {(row.endpoint, row.method) for row in ROWS}
    missing = [
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if (rule.endpoint, method) not in covered
    ]
    assert not missing, "API endpoints without a row in tests/api/authz.py: " + ", ".join(missing)


def test_every_row_names_every_role():
    for row in ROWS:
        assert set(row.expect) == set(ROLES), f"{row.endpoint} {row.method} lacks roles"


@pytest.mark.parametrize(
    "row", [pytest.param(r, id=f"{r.method}-{r.endpoint}-{r.note or 'main'}") for r in ROWS]
)
def test_endpoint_access(app, world, api_tokens, row):
    """Each role in turn from the same state (a savepoint undoes what a write did)."""
    if row.setup:
        with app.app_context():
            for name, value in row.setup(world).items():
                setattr(world, name, value)
            db.session.commit()
    with app.app_context():
        connection = db.session.bind
    failures = []
    for role in ROLES:
        savepoint = connection.begin_nested()
        try:
            client = Api(app.test_client(), api_tokens.get(role))
            url = row.url(world)
            if row.method == "GET":
                response = client.get(url)
            elif row.method == "PATCH":
                response = client.patch(url, row.body(world) if row.body else {})
            else:
                response = client.post(url, row.body(world) if row.body else {})
            if response.status_code != row.expect[role]:
                failures.append(
                    f"{role}: {response.status_code} {response.get_data(as_text=True)[:160]}"
                )
            elif response.status_code >= 400:
                assert set(response.json) == {"error"}
        finally:
            savepoint.rollback()
    assert not failures, failures
