"""SQLite under concurrent writers: a real threaded server, a WAL file database, no locks lost.

``concurrent_writes`` is generic: give it a writer ``(i, session) -> Reply`` and it runs
20 of them at once against a real server. Two variants: 20 simultaneous logins (each
writes last_login_at and an audit event), and 20 seconded officials who each log in,
write a draft report and submit it at the same moment, through the real forms with
CSRF protection on, as a browser would.
"""

import re
import threading
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.serving import make_server

from exchange import create_app
from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db
from exchange.reports.models import ReflectionLog
from tests import factories as f
from tests.conftest import TEST_TODAY
from tests.security.browser import form_values
from tests.security.http import HttpSession, run_concurrently

WRITERS = 20

pytestmark = pytest.mark.slow


@pytest.fixture
def sqlite_server(tmp_path):
    """The app on a SQLite file (WAL, busy timeout, BEGIN IMMEDIATE) behind a threaded server."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/writers.db",
            "TODAY": TEST_TODAY,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": True,  # the writers send the forms' tokens, as a browser does
        }
    )
    with app.app_context():
        upgrade()
        for i in range(WRITERS):
            f.create_user(f"writer{i:02d}", "leader")
        home = f.create_district("liangjiang", "两江新区")
        host = f.create_district("tianfu", "四川天府新区")
        home_department = f.create_department(home, "现代服务业局")
        host_department = f.create_department(host, "天府总部商务区")
        programme = f.create_programme([home, host])
        for i in range(WRITERS):
            cadre = f.create_cadre(f"挂职干部{i:02d}", home_department)
            f.create_posting(cadre, host_department, programme)
            f.create_user(f"official{i:02d}", "cadre", cadre=cadre)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def concurrent_writes(base_url: str, writer, count: int = WRITERS) -> list:
    """Run ``count`` writers at once, each with its own cookie-keeping HTTP session."""
    return run_concurrently(count, lambda i: writer(i, HttpSession(base_url)))


def test_twenty_simultaneous_logins_all_succeed(sqlite_server):
    app, base_url = sqlite_server
    replies = concurrent_writes(base_url, lambda i, s: s.login(f"writer{i:02d}", f.PASSWORD))
    problems = [r for r in replies if isinstance(r, Exception) or r.status != 302]
    assert not problems, problems[:3]
    assert not any("locked" in r.text for r in replies)
    with app.app_context():
        logins = db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "auth.login")
        )
        stamped = db.session.scalar(
            sa.select(sa.func.count()).where(User.last_login_at.is_not(None))
        )
    assert logins == WRITERS and stamped == WRITERS


def write_and_submit_a_report(i: int, browser: HttpSession) -> list:
    """Log in, open the new-report form, save a draft, open its submit page, submit."""
    replies = [browser.login(f"official{i:02d}", f.PASSWORD)]
    page = browser.get("/reports/new")
    opened = form_values(page.text, "/reports/new", "/reports/new")  # the version too
    saved = browser.post(
        "/reports/new",
        {
            **opened,
            "kind": "monthly",
            "title": f"八月工作小结 {i:02d}",
            "report_date": date(2026, 8, 31).isoformat(),
            "period_start_date": date(2026, 8, 1).isoformat(),
            "period_end_date": date(2026, 8, 31).isoformat(),
            "body": f"本月完成招商项目对接 {i} 项。",
            "tags": "招商",
        },
    )
    replies.append(saved)
    report_path = saved.headers.get("Location", "")
    match = re.search(r"/reports/(\d+)$", report_path)
    if match:
        submit_path = f"/reports/{match.group(1)}/submit"
        confirm = browser.get(submit_path)
        replies.append(
            browser.post(submit_path, form_values(confirm.text, submit_path, submit_path))
        )
    return replies


def test_twenty_officials_submit_reports_at_once(sqlite_server):
    app, base_url = sqlite_server
    results = concurrent_writes(base_url, write_and_submit_a_report)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    for replies in results:
        assert [r.status for r in replies] == [302, 302, 302], [r.text[:300] for r in replies]
        assert not any("locked" in r.text for r in replies)
        assert all(r.status < 500 for r in replies)
        assert "/reports/" in replies[-1].headers["Location"]
    with app.app_context():
        submitted = db.session.scalars(
            sa.select(ReflectionLog).where(ReflectionLog.status == "submitted")
        ).all()
        assert len(submitted) == WRITERS
        assert len({r.author_id for r in submitted}) == WRITERS
        assert all(r.submitted_at is not None for r in submitted)
        audited = db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "report.submit")
        )
    assert audited == WRITERS
