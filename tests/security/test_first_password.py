"""An account whose password someone else chose (an admin's new account or reset, the command
line) does nothing before its user chooses their own; the demo accounts are exempt."""

import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db

GOOD = "a fresh long passphrase 7"
OWN = "my own river song 2027"


def _log_in(client, username, password):
    return client.post("/login", data={"username": username, "password": password})


def _must_choose(client):
    response = client.get("/roster")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/account/password"
    )


def test_a_new_account_must_choose_its_own_password_first(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        "/org/accounts/new",
        data={
            "username": "leader.new",
            "display_name": "新领导",
            "role": "leader",
            "password": GOOD,
            "confirm": GOOD,
        },
    )
    assert response.status_code == 302
    auth.logout()
    assert _log_in(client, "leader.new", GOOD).status_code == 302
    _must_choose(client)
    assert "请先设置您自己的密码" in client.get("/account/password").get_data(as_text=True)
    changed = client.post(
        "/account/password",
        data={"current_password": GOOD, "new_password": OWN, "confirm": OWN},
    )
    assert changed.status_code == 302
    assert client.get("/roster").status_code == 200
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "leader.new"))
        assert user.must_change_password is False


def test_a_password_reset_by_an_admin_must_be_replaced(app, client, auth, world):
    auth.login("admin")
    url = f"/org/accounts/{world.user_ids['leader']}/password"
    assert client.post(url, data={"password": GOOD, "confirm": GOOD}).status_code == 302
    auth.logout()
    _log_in(client, "leader", GOOD)
    _must_choose(client)
    assert client.post("/logout", data={}).status_code == 302  # logging out is allowed


def test_demo_accounts_are_exempt(app, runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    password = app.config["DEMO_PASSWORD"]
    assert _log_in(client, "hr.liangjiang", password).status_code == 302
    assert client.get("/roster").status_code == 200


def test_a_leader_keeps_no_district(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        f"/org/accounts/{world.user_ids['leader']}/edit",
        data={
            "display_name": "领导",
            "role": "leader",
            "district_id": str(world.tf),
            "active": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, world.user_ids["leader"]).district_id is None
    page = client.get(f"/org/accounts/{world.user_ids['leader']}/edit").get_data(as_text=True)
    assert "仅用于组织人事部门" in page
