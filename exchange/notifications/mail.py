"""Mailing notifications: each unread one once, to users with an address, when mail is on.

The sending is exchange.mail's (Flask-Mailman: Date and Message-ID headers, STARTTLS or
SSL, one connection per run); links become absolute with BASE_URL.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from exchange import mail
from exchange.auth.models import User
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.models import Notification


def _pending() -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification)
            .join(User, Notification.user_id == User.id)
            .where(
                Notification.emailed_at.is_(None),
                Notification.read_at.is_(None),
                User.email.is_not(None),
                User.email != "",
                User.active.is_(True),
            )
            .options(joinedload(Notification.user))
            .order_by(Notification.id)
        ).all()
    )


def _letter(note: Notification) -> mail.Letter:
    link = "\n\n" + mail.absolute_url(note.link) if note.link else ""
    return mail.Letter(
        to=note.user.email or "", subject=_("Cadre Exchange reminder"), body=note.message + link
    )


def send_emails() -> tuple[int, list[str]]:
    """Mail each unread, unmailed notification; returns (sent, errors). Flushes."""
    if not mail.enabled():
        return 0, []
    pending = _pending()
    sent, errors = 0, []
    for note, (letter, error) in zip(
        pending, mail.send_each([_letter(n) for n in pending]), strict=True
    ):
        if error is not None:
            errors.append(f"{letter.to}: {error}")
            continue
        note.emailed_at = utcnow()
        sent += 1
    db.session.flush()
    return sent, errors
