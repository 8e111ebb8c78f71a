import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db


def audit_actions(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_login_page_speaks_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and "用户名" in page and 'lang="zh-CN"' in page


def test_english_switch_is_kept_in_a_cookie(client):
    response = client.post("/language/en", data={"next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert "Log in" in page and "Username" in page and 'lang="en"' in page


def test_language_switch_ignores_unknown_languages_and_offsite_next(client):
    response = client.post("/language/xx", data={"next": "//evil.example/"})
    assert response.headers["Location"] == "/"
    assert "登录" in client.get("/login").get_data(as_text=True)


def test_each_demo_role_lands_on_its_home_page(client, auth, world):
    expectations = {
        "hr_lj": "两江新区 — 干部挂职情况",
        "hr_tf": "四川天府新区 — 干部挂职情况",
        "leader": "挂职干部名册",
        "zx": "我的挂职",
        "admin": "系统管理",
    }
    for role, heading in expectations.items():
        assert auth.login(world.users[role]).headers["Location"] == "/"
        assert heading in client.get("/").get_data(as_text=True), role
        auth.logout()


def test_wrong_password_gives_401_and_a_clear_message(client, auth, world, app):
    response = auth.login("hr.liangjiang", "not the password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert "auth.login_failed" in audit_actions(app)


def test_unknown_user_gets_the_same_message(client, auth, world):
    response = auth.login("nobody", "whatever-password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_missing_fields_are_named_next_to_the_field(client, world):
    response = client.post("/login", data={"username": "", "password": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="username-error"' in page and 'aria-invalid="true"' in page


def test_oversized_username_is_refused_without_error(client, world):
    response = client.post("/login", data={"username": "x" * 5000, "password": "p" * 10})
    assert response.status_code == 400


def test_disabled_account_cannot_log_in(client, auth, world, app):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "hr.tianfu"))
        user.active = False
        db.session.commit()
    assert auth.login("hr.tianfu").status_code == 401


def test_login_records_success_and_logout_ends_the_session(client, auth, world, app):
    auth.login("leader")
    assert client.get("/roster").status_code == 200
    auth.logout()
    response = client.get("/roster")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert {"auth.login", "auth.logout"} <= set(audit_actions(app))


def test_a_copied_session_cookie_is_useless_after_logout(client, auth, world, app):
    auth.login("leader")
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/roster")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_tampered_session_cookie_is_treated_as_logged_out(client, world):
    client.set_cookie("session", "eyJfdXNlcl9pZCI6IjE6eCJ9.forged.signature")
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_next_redirect_stays_on_site(client, auth, world):
    response = client.post(
        "/login?next=/roster", data={"username": "leader", "password": "correct horse battery"}
    )
    assert response.headers["Location"] == "/roster"
    auth.logout()
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"):
        response = client.post(
            "/login?next=" + evil,
            data={"username": "leader", "password": "correct horse battery"},
        )
        assert response.headers["Location"] == "/", evil
        auth.logout()


def test_password_change_ends_other_sessions(client, auth, world, app):
    auth.login("hr.liangjiang")
    other = app.test_client()
    other.post("/login", data={"username": "hr.liangjiang", "password": "correct horse battery"})
    assert other.get("/").status_code == 200
    response = client.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "new_password": "a much longer passphrase",
            "confirm": "a much longer passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session continues
    assert other.get("/").status_code == 302  # the other one has ended
    assert "user.password_change" in audit_actions(app)


def test_password_change_refuses_a_short_or_wrong_password(client, auth, world):
    auth.login("hr.liangjiang")
    page = client.post(
        "/account/password",
        data={"current_password": "wrong one here", "new_password": "short", "confirm": "short"},
    ).get_data(as_text=True)
    assert "当前密码不正确" in page and "密码至少需要 10 个字符" in page
