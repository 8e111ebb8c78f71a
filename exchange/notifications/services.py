"""Sending and reading notifications: any feature calls ``notify()``; nothing here commits."""

import uuid
from collections.abc import Iterable

import sqlalchemy as sa

from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.models import Notification

KEY_MAX = 120


def notify(
    recipients: Iterable,
    kind: str,
    title: str,
    link: str = "",
    *,
    key: str | None = None,
) -> int:
    """Give each recipient a notification ``title`` (``link``: a same-site path to open).

    ``kind`` names what it is about ("overdue", "ending", ...); with a ``key``, a
    recipient gets a notification of that kind and key once however often it is sent,
    which makes hourly reminder runs safe. Mailed by the next ``flask remind`` when a
    mail server is set. Flushes; returns how many were added.
    """
    full_key = f"{kind}:{key if key is not None else uuid.uuid4().hex}"[:KEY_MAX]
    users = {user.id: user for user in recipients}
    if not users:
        return 0
    given = set(
        db.session.scalars(
            sa.select(Notification.user_id).where(
                Notification.key == full_key, Notification.user_id.in_(users)
            )
        )
    )
    added = [
        Notification(user_id=user_id, key=full_key, message=title, link=link)
        for user_id in users
        if user_id not in given
    ]
    db.session.add_all(added)
    db.session.flush()
    return len(added)


def mark_read(note: Notification) -> None:
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()


def mark_all_read(user) -> None:
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
