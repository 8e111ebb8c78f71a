"""Helpers other features' tests can use: audit assertions, database snapshots, logins.

``audit_events(app, action)`` / ``assert_audited(app, action, **fields)`` check the trail;
``row_counts(app)`` and ``snapshot(app)`` compare the database before and after a request;
``login_session(client, app, username)`` logs a test client in without a request (fast,
works with CSRF on); ``login_with_form(client, username)`` logs in through the real form.
"""

import re
import time

import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db
from tests import factories as f
from tests.authz import LOGIN, ROLES

REFUSED = (LOGIN, 403, 404)


def audit_events(app, action: str | None = None) -> list[AuditEvent]:
    """The audit events (oldest first), optionally only those of ``action``; detached copies."""
    with app.app_context():
        query = sa.select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        events = db.session.scalars(query).all()
        db.session.expunge_all()
        return events


def assert_audited(app, action: str, **fields) -> AuditEvent:
    """The newest event of ``action``; fails unless it exists and has the given field values."""
    events = audit_events(app, action)
    assert events, f"no audit event {action!r}"
    event = events[-1]
    for name, value in fields.items():
        assert getattr(event, name) == value, f"{action}.{name}: {getattr(event, name)!r}"
    return event


def row_counts(app, exclude=()) -> dict[str, int]:
    """Rows per table of the whole schema."""
    with app.app_context():
        return {
            table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
            if table.name not in exclude
        }


def snapshot(app, exclude=("audit_event",)) -> dict[str, list]:
    """Every row of every table (sorted), to prove that a request changed nothing."""
    with app.app_context():
        result = {}
        for table in db.metadata.sorted_tables:
            if table.name in exclude:
                continue
            rows = db.session.execute(sa.select(table)).all()
            result[table.name] = sorted(tuple(map(repr, row)) for row in rows)
        return result


def login_session(client, app, username: str) -> None:
    """Put ``username``'s login into the client's session cookie, as a real login would."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        session_id = user.get_id()
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = session_id
        session["_fresh"] = True
        session["seen_at"] = session["login_at"] = int(time.time())


def csrf_token_of(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return match.group(1) if match else ""


def login_with_form(client, username: str, password: str = f.PASSWORD):
    """Log in through GET + POST /login, sending the form's CSRF token if it has one."""
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token
    return client.post("/login", data=data)


def allowed_role(row, prefer_logged_in: bool = True) -> str | None:
    """A role the row lets act (not sent to login, not refused), logged-in roles first."""
    order = [r for r in ROLES if r != "anon"] + ["anon"] if prefer_logged_in else ["anon"]
    for role in order:
        if role in row.expect and row.expect[role] not in REFUSED:
            return role
    return None
