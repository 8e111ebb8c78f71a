"""Sessions end for real: idle timeout on the server, renewal at login, dead copied cookies."""

import sqlalchemy as sa

from exchange import create_app, security
from exchange.auth.models import User
from exchange.extensions import db
from tests import factories as f


class Clock:
    def __init__(self, monkeypatch):
        self.offset = 0
        real_now = security.now
        monkeypatch.setattr(security, "now", lambda: real_now() + self.offset)

    def advance(self, minutes: int) -> None:
        self.offset += minutes * 60


def logged_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_idle_timeout_comes_from_the_environment(monkeypatch, fresh_app):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "12")
    monkeypatch.setenv("SESSION_MAX_HOURS", "8")
    app = fresh_app()
    assert app.config["SESSION_IDLE_TIMEOUT"].total_seconds() == 12 * 60
    assert app.config["SESSION_MAX_AGE"].total_seconds() == 8 * 3600
    # The cookie outlives the idle timeout, so the server ends the session and says why.
    assert app.permanent_session_lifetime == app.config["SESSION_MAX_AGE"]


def test_a_busy_session_still_ends_after_its_absolute_lifetime(client, auth, world, monkeypatch):
    clock = Clock(monkeypatch)
    auth.login("leader")
    for _ in range(35):  # a request every 20 minutes for 11 hours 40 minutes
        clock.advance(20)
        assert client.get("/roster").status_code == 200
    clock.advance(25)  # 12 hours 5 minutes after login, 25 minutes after the last request
    response = client.get("/roster")
    assert logged_out(response)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "12" in page and "最长时间" in page


def test_an_active_session_lives_on_and_an_idle_one_is_refused(client, auth, world, monkeypatch):
    clock = Clock(monkeypatch)
    auth.login("leader")
    for _ in range(3):  # each request within the 30 minutes renews the deadline
        clock.advance(20)
        assert client.get("/roster").status_code == 200
    clock.advance(20)
    client.get("/static/css/app.css").close()  # a static file is not activity
    clock.advance(11)
    response = client.get("/roster")
    assert logged_out(response)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "长时间未操作" in page and "会话已超时" in page


def test_a_copied_cookie_dies_when_idle_even_if_the_user_stays_active(
    client, auth, app, world, monkeypatch
):
    clock = Clock(monkeypatch)
    auth.login("leader")
    copied = client.get_cookie("session").value
    for _ in range(2):
        clock.advance(20)
        assert client.get("/roster").status_code == 200
    thief = app.test_client()
    thief.set_cookie("session", copied)  # its last activity is 40 minutes old
    assert logged_out(thief.get("/roster"))
    assert client.get("/roster").status_code == 200


def test_a_session_without_activity_stamp_is_refused(client, app, world):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "leader"))
        session_id = user.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id  # a cookie forged or kept from before the stamp
        session["_fresh"] = True
    assert logged_out(client.get("/roster"))


def test_the_session_is_renewed_at_login(client, auth, world):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["csrf_token"] = "attacker-known-token"
    before = client.get_cookie("session").value
    auth.login("leader")
    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != "attacker-known-token"
        assert session["_user_id"].startswith(str(world.user_ids["leader"]) + ":")


def test_disabling_an_account_ends_its_sessions_and_their_copies(client, auth, app, world):
    auth.login("hr.tianfu")
    copied = client.get_cookie("session").value
    assert client.get("/").status_code == 200
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "hr.tianfu"))
        user.active = False
        db.session.commit()
    assert logged_out(client.get("/"))
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert logged_out(thief.get("/"))


def test_a_password_change_kills_a_copied_cookie(client, auth, app, world):
    auth.login("zhangxiang")
    copied = client.get_cookie("session").value
    new_password = "a fresh and long passphrase"
    response = client.post(
        "/account/password",
        data={
            "current_password": f.PASSWORD,
            "new_password": new_password,
            "confirm": new_password,
        },
    )
    assert response.status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert logged_out(thief.get("/"))
    assert client.get("/").status_code == 200


def test_test_and_development_cookies_are_httponly_and_samesite_lax(client, auth, world):
    response = auth.login("leader")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


def _production_app(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.db")
    monkeypatch.delenv("REDIS_URL", raising=False)
    return create_app(config_name="production")


def test_production_cookies_are_secure_host_prefixed_httponly_lax(monkeypatch, tmp_path):
    app = _production_app(monkeypatch, tmp_path)
    client = app.test_client()
    response = client.get("/login", base_url="https://exchange.example")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("__Host-session="))
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in session_cookie, attribute
    assert "Domain=" not in session_cookie  # __Host- forbids a Domain
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    language = client.post(
        "/language/en",
        data={"csrf_token": _token(response)},
        base_url="https://exchange.example",
        headers={"Referer": "https://exchange.example/login"},
    )
    lang_cookie = language.headers["Set-Cookie"]
    assert lang_cookie.startswith("__Host-lang=en")
    assert "Secure" in lang_cookie and "HttpOnly" in lang_cookie and "SameSite=Lax" in lang_cookie
    assert "Path=/" in lang_cookie and "Domain=" not in lang_cookie
    english = client.get("/login", base_url="https://exchange.example").get_data(as_text=True)
    assert "Log in" in english
    with app.app_context():
        db.engine.dispose()


def _token(response) -> str:
    from tests.security.helpers import csrf_token_of

    return csrf_token_of(response.get_data(as_text=True))
