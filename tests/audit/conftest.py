from datetime import UTC, datetime

import pytest

from exchange.audit.models import AuditEvent
from exchange.extensions import db


@pytest.fixture
def make_event(app):
    """Write an audit event directly (ids back; the objects would be detached)."""

    def make(action="posting.update", districts=(None, None), **kw):
        with app.app_context():
            event = AuditEvent(
                action=action,
                actor_name=kw.pop("actor_name", "admin"),
                object_type=kw.pop("object_type", "posting"),
                object_id=kw.pop("object_id", 1),
                district_id=districts[0],
                other_district_id=districts[1],
                created_at=kw.pop("created_at", datetime(2026, 9, 1, 2, 0, tzinfo=UTC)),
                **kw,
            )
            db.session.add(event)
            db.session.commit()
            return event.id

    return make
