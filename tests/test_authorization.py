"""Every route × every role, from the table in ``tests/authz``; no route may be missing."""

import pytest

from exchange import create_app
from exchange.extensions import db
from tests.authz import LOGIN, REDIRECT, ROLES, load_table, prepare
from tests.conftest import AuthActions

IGNORED_ENDPOINTS = {"static", "bootstrap.static"}
# The JSON API has a table of its own, checked with a token per role: tests/api/authz.py.
API_ENDPOINTS = ("api.", "api-docs.")

TABLE = load_table()


def test_every_route_has_rows_in_the_table():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    covered = {(row.endpoint, row.method) for row in TABLE}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED_ENDPOINTS or rule.endpoint.startswith(API_ENDPOINTS):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in covered:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "Routes without a row in tests/authz: " + ", ".join(missing)


def test_every_row_names_every_role():
    for row in TABLE:
        assert set(row.expect) == set(ROLES), f"{row.endpoint} {row.method} lacks roles"


CASES = [pytest.param(row, id=f"{row.method}-{row.endpoint}-{row.note or 'main'}") for row in TABLE]


def check_role(app, world, row, role) -> None:
    client = app.test_client()
    if role != "anon":
        response = AuthActions(client).login(world.users[role])
        assert response.status_code == 302, f"{role} could not log in"
    url = row.url(world)
    data = row.data(world) if row.data else None
    response = client.open(url, method=row.method, data=data)
    expected = row.expect[role]
    location = response.headers.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and "/login" in location, (
            f"{role}: expected the login page, got {response.status_code} {location}"
        )
    elif expected == REDIRECT:
        assert response.status_code in (302, 303) and "/login?" not in location, (
            f"{role}: expected a redirect, got {response.status_code} {location}"
        )
    else:
        assert response.status_code == expected, (
            f"{role}: expected {expected}, got {response.status_code}"
        )
    if response.status_code in (403, 404):
        body = response.get_data(as_text=True)
        # A refusal never carries the record it refused.
        assert "张想的心得" not in body and "张想的草稿" not in body, role
        assert "丁曌的草稿" not in body and "丁曌的提醒" not in body, role
        assert "丁曌的联系电话" not in body, role


@pytest.mark.parametrize("row", CASES)
def test_route_access(app, world, row):
    """Every role in turn, each from the same state: what one role's request wrote (a
    successful extension, a login's audit event) is undone by a savepoint before the next."""
    prepare(app, world, row)
    with app.app_context():
        connection = db.session.bind
    failures = []
    for role in ROLES:
        savepoint = connection.begin_nested()
        try:
            check_role(app, world, row, role)
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
        finally:
            savepoint.rollback()
    assert not failures, failures
