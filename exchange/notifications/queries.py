"""What the bell and the notifications page read."""

import sqlalchemy as sa

from exchange.extensions import db
from exchange.notifications.models import Notification

# Built once (the bell asks on every page): building a statement and its cache key cost
# more than running this one.
_UNREAD = sa.select(sa.func.count(Notification.id)).where(
    Notification.user_id == sa.bindparam("user_id"), Notification.read_at.is_(None)
)


def unread_count(user) -> int:
    return db.session.scalar(_UNREAD, {"user_id": user.id}) or 0


def notifications_of(user, limit: int = 200) -> list[Notification]:
    """Unread first, newest first."""
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.read_at.is_not(None), Notification.created_at.desc())
            .limit(limit)
        ).all()
    )
