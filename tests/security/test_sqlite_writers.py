"""SQLite under concurrent writers: a real threaded server, a WAL file database, no locks lost.

``concurrent_writes`` is generic: give it a writer ``(i, session) -> Reply`` and it runs
20 of them at once against a real server. Today the writers log in (each login writes
last_login_at and an audit event); after the reports feature is merged, add a variant
in which 20 officials submit reports at once.
"""

import threading

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.serving import make_server

from exchange import create_app
from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db
from tests import factories as f
from tests.conftest import TEST_TODAY
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
        }
    )
    with app.app_context():
        upgrade()
        for i in range(WRITERS):
            f.create_user(f"writer{i:02d}", "leader")
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
