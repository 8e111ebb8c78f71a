"""What the bell and the notifications page read."""

import sqlalchemy as sa

from exchange.extensions import db
from exchange.notifications.models import Notification


def unread_count(user) -> int:
    count = db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )
    return count or 0


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
