"""``/healthz``: 200 when the database (and Redis, when configured) answer, 503 otherwise."""

import json
import os
import socket

import pytest

from tests.conftest import make_app


def dead_port() -> int:
    """A port nothing listens on: bound, never listened to, closed."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthy_without_login_and_without_personal_data(client, world):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"
    body = json.dumps(response.json, ensure_ascii=False)
    assert "张想" not in body and "zhangxiang" not in body


def test_database_down_is_503(database_url):
    port = dead_port()
    app = make_app(
        database_url, SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://x@127.0.0.1:{port}/x"
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "checks": {"database": "failing"}}


def test_redis_down_is_503_when_redis_is_configured(app):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{dead_port()}/0"
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": "ok", "redis": "failing"}


def test_redis_up_is_checked(app):
    url = os.environ.get("EXCHANGE_TEST_REDIS_URL")
    if not url:
        pytest.skip("EXCHANGE_TEST_REDIS_URL is not set")
    app.config["REDIS_URL"] = url
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "redis": "ok"}
