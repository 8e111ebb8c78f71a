"""On SQLite, reading requests take no lock: a page never waits for another request's
write, and a reading request that writes (a download's audit event) takes the write
lock before it writes, so a write committed meanwhile cannot fail it.

Each test has a SQLite file of its own and holds a write transaction open on a second,
raw connection, as a long import or another worker's save would.
"""

import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from exchange.audit.models import AuditEvent
from exchange.extensions import db
from tests import factories as f
from tests.conftest import make_app


@pytest.fixture
def app_on_file(tmp_path):
    path = tmp_path / "locks.db"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        district = f.create_district("liangjiang", "两江新区")
        f.create_user("admin", "admin")
        programme = f.create_programme([district, f.create_district("tianfu", "天府新区")])
        db.session.commit()
        app.config["programme_id"] = programme.id
    client = app.test_client()
    assert client.post("/login", data={"username": "admin", "password": f.PASSWORD}).status_code
    yield app, client, path
    with app.app_context():
        db.engine.dispose()


def writer(path):
    """A raw connection holding SQLite's write lock, with a change not yet committed."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE district SET name = name || '·' WHERE code = 'tianfu'")
    return conn


def test_a_page_does_not_wait_for_a_write_in_progress(app_on_file):
    app, client, path = app_on_file
    conn = writer(path)
    try:
        started = time.monotonic()
        response = client.get(f"/programmes/{app.config['programme_id']}")
        assert response.status_code == 200
        assert time.monotonic() - started < 5  # the busy timeout is 15 s
    finally:
        conn.rollback()
        conn.close()


def test_a_download_waits_for_the_write_lock_and_keeps_its_audit_event(app_on_file):
    app, client, path = app_on_file
    conn = writer(path)
    outcome = {}

    def download():
        url = f"/programmes/{app.config['programme_id']}/compilation.docx"
        outcome["status"] = client.get(url).status_code

    thread = threading.Thread(target=download)
    thread.start()
    time.sleep(1.0)  # the download has read what it needs and waits to write its event
    conn.commit()  # a write lands between its reading and its writing
    conn.close()
    thread.join(timeout=30)
    assert outcome == {"status": 200}
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "document.download" in actions
