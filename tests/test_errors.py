"""Error pages: right status, user's language, request id, no stack trace."""

import pytest
from flask import abort


def test_unknown_url_gives_a_chinese_404_with_reference(client):
    response = client.get("/no/such/page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "页面不存在" in page and response.headers["X-Request-ID"] in page


def test_unknown_posting_is_404_for_someone_who_may_see_postings(client, auth, world):
    auth.login("leader")
    assert client.get("/postings/999999").status_code == 404


def test_wrong_method_gives_405(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "不允许的请求方式" in response.get_data(as_text=True)


def test_oversized_request_gives_413(client):
    response = client.post("/login", data={"username": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


@pytest.fixture
def crashing_app(fresh_app):
    app = fresh_app()

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals: SELECT * FROM user_account")

    @app.route("/teapot")
    def teapot():
        abort(409)

    return app


def test_unexpected_error_gives_500_without_internals(crashing_app):
    crashing_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = crashing_app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "出错了" in page and "SELECT" not in page and "Traceback" not in page


def test_conflict_page(crashing_app):
    response = crashing_app.test_client().get("/teapot")
    assert response.status_code == 409 and "已被他人修改" in response.get_data(as_text=True)


def test_security_headers_on_error_pages(client):
    response = client.get("/missing")
    csp = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_csrf_failure_is_a_clear_400(fresh_app):
    app = fresh_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
