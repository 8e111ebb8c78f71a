"""CSRF on every state-changing route, and no GET that changes anything.

Both tests are driven by the authorization table (tests/authz), so every route a
feature adds is covered as soon as it has its rows there.
"""

import pytest

from tests.authz import load_table
from tests.security.helpers import (
    allowed_role,
    csrf_token_of,
    login_session,
    row_counts,
    snapshot,
)

TABLE = load_table()
POST_ROWS = [row for row in TABLE if row.method == "POST"]
GET_ROWS = [row for row in TABLE if row.method == "GET"]


def row_id(row):
    return f"{row.endpoint}-{row.note or 'main'}"


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def acting_roles(row) -> list[str]:
    """A logged-in role the row lets act, and the anonymous visitor when it may act too."""
    roles = [allowed_role(row)]
    if row.expect.get("anon") not in (None, "login", 403, 404) and "anon" not in roles:
        roles.append("anon")
    return [r for r in roles if r]


@pytest.mark.parametrize("row", POST_ROWS, ids=row_id)
def test_post_without_csrf_token_is_refused_and_changes_nothing(app, client, world, row):
    roles = acting_roles(row)
    assert roles, f"{row.endpoint}: no role may post here, so the table row is odd"
    for role in roles:
        if role == "anon":
            client.delete_cookie("session")
        else:
            login_session(client, app, world.users[role])
        data = row.data(world) if row.data else {}
        before = row_counts(app)
        response = client.post(row.url(world), data=data)
        assert response.status_code == 400, f"{role}: {response.status_code}"
        assert "表单已过期" in response.get_data(as_text=True)
        assert row_counts(app) == before, f"{role}: rows changed"
        # a forged token is no better than none
        response = client.post(row.url(world), data={**data, "csrf_token": "forged.token"})
        assert response.status_code == 400


def test_a_valid_token_passes_so_the_refusals_above_mean_something(app, client, world):
    login_session(client, app, world.users["leader"])
    token = csrf_token_of(client.get("/account/password").get_data(as_text=True))
    assert token
    response = client.post("/language/en", data={"csrf_token": token, "next": "/roster"})
    assert response.status_code == 302 and response.headers["Location"] == "/roster"
    assert client.get_cookie("lang").value == "en"


@pytest.mark.parametrize("row", GET_ROWS, ids=row_id)
def test_no_get_changes_anything(app, client, world, row):
    for role in ("admin", "hr_lj", "zx"):
        login_session(client, app, world.users[role])
        before = snapshot(app)
        response = client.get(row.url(world))
        assert response.status_code < 500
        assert snapshot(app) == before, f"GET {row.url(world)} as {role} changed the database"
