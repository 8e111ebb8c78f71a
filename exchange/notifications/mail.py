"""Mailing notifications: each unread one once, to users with an address, when a server is set."""

import smtplib
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

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


def _message(note: Notification, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = note.user.email
    message["Subject"] = _("Cadre Exchange reminder")
    message.set_content(note.message + ("\n\n" + note.link if note.link else ""))
    return message


def send_emails() -> tuple[int, list[str]]:
    """Mail each unread, unmailed notification; returns (sent, errors). Flushes each."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0, []
    pending = _pending()
    if not pending:
        return 0, []
    sent, errors = 0, []
    sender = config.get("MAIL_SENDER", "exchange@localhost")
    with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        for note in pending:
            try:
                smtp.send_message(_message(note, sender))
            except smtplib.SMTPException as error:
                errors.append(f"{note.user.email}: {error}")
                continue
            note.emailed_at = utcnow()
            sent += 1
            db.session.flush()
    return sent, errors
