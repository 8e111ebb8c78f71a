"""A dead database or Redis answers 503 with a page that says so (Chinese first) and logs the
cause; production over plain HTTP says that HTTPS is required instead of "form expired"."""

import logging
import socket
import uuid

from exchange import create_app
from exchange.extensions import db
from tests.security.helpers import csrf_token_of, login_session


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_dead_redis_at_login_answers_503_and_logs_the_cause(app, client, world, caplog):
    app.config.update(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{dead_port()}/0",
        RATELIMIT_KEY_PREFIX="t" + uuid.uuid4().hex,
    )
    app.extensions.pop("login_throttle", None)
    with caplog.at_level(logging.ERROR, logger="exchange.errors"):
        response = client.post("/login", data={"username": "leader", "password": "x" * 12})
    app.extensions.pop("login_throttle", None)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "服务暂时无法使用" in page and response.headers["X-Request-ID"] in page
    assert any("ConnectionError" in r.getMessage() for r in caplog.records)


def test_a_dead_database_answers_503_everywhere(app, client, world, caplog, monkeypatch):
    from types import SimpleNamespace

    import sqlalchemy as sa

    from exchange.auth import login

    login_session(client, app, "leader")

    def refused(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    # Every request loads its user first: that is where a dead database is met.
    monkeypatch.setattr(login, "db", SimpleNamespace(session=SimpleNamespace(get=refused)))
    with caplog.at_level(logging.ERROR, logger="exchange.errors"):
        response = client.get("/roster")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "服务暂时无法使用" in page and response.headers["X-Request-ID"] in page
    assert any("OperationalError" in r.getMessage() for r in caplog.records)


def test_production_over_plain_http_says_https_is_required(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.db")
    monkeypatch.delenv("REDIS_URL", raising=False)
    app = create_app(config_name="production")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "必须通过 HTTPS 访问" in page
    browser = app.test_client()  # a browser keeps no Secure cookie from a plain-HTTP page
    response = browser.post(
        "/login", data={"username": "a", "password": "b", "csrf_token": csrf_token_of(page)}
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "必须通过 HTTPS 访问" in body and "表单已过期" not in body
    secure = client.get("/login", base_url="https://exchange.example").get_data(as_text=True)
    assert "必须通过 HTTPS 访问" not in secure
    with app.app_context():
        db.engine.dispose()
