"""Security headers on every response, and error pages: both languages, request id, no internals."""

import logging

import pytest
from flask import abort
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from tests.authz import load_table, prepare
from tests.security.helpers import login_session, row_counts

GET_ROWS = [row for row in load_table() if row.method == "GET"]


@pytest.fixture
def app_config():
    return {"PROPAGATE_EXCEPTIONS": False}


@pytest.fixture
def app_with_faults(app):
    @app.route("/_test/stale")
    def stale():
        raise StaleDataError("UPDATE posting SET version=2 WHERE posting.id = 1")

    @app.route("/_test/crash")
    def crash():
        raise RuntimeError("SELECT password_hash FROM user_account")

    @app.route("/_test/database-down")
    def database_down():
        raise OperationalError("SELECT password_hash FROM user_account", {}, Exception("boom"))

    @app.route("/_test/too-many")
    def too_many():
        abort(429)

    return app


def check_headers(response, personal: bool):
    h = response.headers
    csp = dict(
        part.strip().split(" ", 1) for part in h["Content-Security-Policy"].split(";") if part
    )
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    if personal:
        assert h["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in h  # only in production (tested with sessions)


@pytest.mark.parametrize("row", GET_ROWS, ids=lambda r: f"{r.endpoint}-{r.note or 'main'}")
def test_every_page_carries_the_headers(app, client, world, row):
    prepare(app, world, row)
    for role in ("admin", "hr_cd", None):
        if role:
            login_session(client, app, world.users[role])
        else:
            client.delete_cookie("session")
        response = client.get(row.url(world))
        response.get_data()  # a streamed export runs to its end, as a browser reads it
        check_headers(response, personal=response.mimetype == "text/html" or bool(role))


def test_static_files_carry_the_headers_and_may_be_cached(client):
    for url in ("/static/css/app.css", "/bootstrap/static/css/bootstrap.min.css"):
        response = client.get(url)
        assert response.status_code == 200, url
        check_headers(response, personal=False)
        assert response.headers.get("Cache-Control") != "no-store"
        response.close()


ZH = {
    400: "请求有误",
    403: "无权访问",
    404: "页面不存在",
    405: "不允许的请求方式",
    409: "已被他人修改",
    413: "内容过大",
    429: "尝试次数过多",
    500: "出错了",
    503: "服务暂时无法使用",
}
EN = {
    400: "Bad request",
    403: "Access denied",
    404: "Page not found",
    405: "Method not allowed",
    409: "Changed by someone else",
    413: "Too large",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Service unavailable",
}


def trigger(client, app, world, code):
    if code == 400:
        return client.get("/roster?q=%00")
    if code == 403:
        login_session(client, app, world.users["hr_cd"])
        return client.get(f"/postings/{world.p_zx}")
    if code == 404:
        return client.get("/no/such/page")
    if code == 405:
        return client.get("/logout")
    if code == 409:
        return client.get("/_test/stale")
    if code == 413:
        return client.post("/login", data={"username": "x" * (3 * 1024 * 1024)})
    if code == 429:
        return client.get("/_test/too-many")
    if code == 503:
        return client.get("/_test/database-down")
    return client.get("/_test/crash")


@pytest.mark.parametrize("lang", ["zh_Hans_CN", "en"])
@pytest.mark.parametrize("code", sorted(ZH))
def test_error_pages(app_with_faults, world, caplog, code, lang):
    client = app_with_faults.test_client()
    if lang == "en":
        client.set_cookie("lang", "en")
    caplog.set_level(logging.INFO, logger="exchange")
    response = trigger(client, app_with_faults, world, code)
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert (EN if lang == "en" else ZH)[code] in page
    request_id = response.headers["X-Request-ID"]
    assert request_id and request_id in page
    assert any(request_id in record.getMessage() for record in caplog.records), "not logged"
    for leak in ("Traceback", "SELECT", "UPDATE", "password_hash", "sqlalchemy", 'File "'):
        assert leak not in page, leak
    check_headers(response, personal=True)


def test_a_server_error_logs_the_stack_trace_but_never_shows_it(app_with_faults, caplog):
    caplog.set_level(logging.ERROR, logger="exchange")
    response = app_with_faults.test_client().get("/_test/crash")
    assert response.status_code == 500
    record = next(r for r in caplog.records if response.headers["X-Request-ID"] in r.getMessage())
    assert record.exc_info is not None  # the log has the details the page leaves out


def post_multipart(client, fields: dict):
    """A multipart body built in memory (the test client would spool a big one to a file)."""
    boundary = "----exchange-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return client.post(
        "/login", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def test_request_size_limits(app, client, world):
    before = row_counts(app)
    big_field = post_multipart(client, {"username": "x" * (600 * 1024), "password": "p"})
    assert big_field.status_code == 413  # one field above MAX_FORM_MEMORY_SIZE
    many_fields = post_multipart(client, {f"f{i}": "1" for i in range(600)})
    assert many_fields.status_code == 413  # more parts than MAX_FORM_PARTS
    whole_body = client.post("/login", data={"username": "x" * (3 * 1024 * 1024)})
    assert whole_body.status_code == 413  # body above MAX_CONTENT_LENGTH
    assert row_counts(app) == before


def test_nul_in_input_is_a_clear_400_not_a_database_error(app, client, world):
    before = row_counts(app)
    response = client.post("/login", data={"username": "leader\x00", "password": "x" * 12})
    assert response.status_code == 400
    assert row_counts(app) == before
