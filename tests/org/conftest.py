import pytest
import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db


@pytest.fixture
def ctx(app):
    """A request context: domain errors render their (lazy, translated) messages."""
    with app.test_request_context():
        yield app


@pytest.fixture
def admin(ctx, world):
    return db.session.scalar(sa.select(User).where(User.username == "admin"))


@pytest.fixture
def user_of(ctx, world):
    def get(key):
        return db.session.get(User, world.user_ids[key])

    return get


@pytest.fixture
def events(ctx):
    """The audit events with this action, oldest first."""

    def find(action):
        return db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).all()

    return find
