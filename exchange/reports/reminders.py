"""Reminders: reports due soon or overdue, postings ending soon → notifications and e-mail.

Safe to run every hour: a notification's ``(user_id, key)`` is unique, so a reminder is
created once per person, and ``emailed_at`` marks what was already mailed.
"""

import smtplib
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from exchange import clock
from exchange.auth.models import Role, User
from exchange.db import utcnow
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from exchange.reports.models import Notification, ReportKind
from exchange.reports.schedule import (
    MISSING,
    OVERDUE_LOOKBACK_DAYS,
    UPCOMING,
    compliance_for,
    in_post_or_ended_since,
)

DUE_SOON_DAYS = 7
ENDING_SOON_DAYS = 30


@dataclass
class RunResult:
    created: int = 0
    emailed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reminder:
    key: str
    message: str
    link: str
    posting: Posting


def _link(endpoint: str, **values) -> str:
    try:
        return url_for(endpoint, **values)
    except RuntimeError:  # no SERVER_NAME outside a request: a path is enough
        with current_app.test_request_context():
            return url_for(endpoint, **values)


def _postings(as_of: date) -> list[Posting]:
    recent = as_of - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    stmt = (
        sa.select(Posting)
        .where(in_post_or_ended_since(recent))
        .options(
            joinedload(Posting.cadre),
            joinedload(Posting.programme),
            joinedload(Posting.host_department),
        )
    )
    return db.session.scalars(stmt).unique().all()


def reminders_for(postings: list[Posting], as_of: date) -> list[Reminder]:
    """What to remind about, as of ``as_of``; pure apart from one query for reports."""
    schedules = compliance_for(postings, as_of)
    found = []
    for posting in postings:
        name = posting.cadre.name
        for item in schedules[posting.id].items:
            kind = ReportKind(item.kind).label
            due = format_date(item.due_date, "long")
            if item.state == MISSING:
                message = _(
                    "%(name)s: the %(kind)s due %(due)s is overdue.",
                    name=name,
                    kind=kind,
                    due=due,
                )
                key = f"overdue:{posting.id}:{item.due_date.isoformat()}"
            elif item.state == UPCOMING and item.due_date <= as_of + timedelta(DUE_SOON_DAYS):
                message = _("%(name)s: the %(kind)s is due %(due)s.", name=name, kind=kind, due=due)
                key = f"due:{posting.id}:{item.due_date.isoformat()}"
            else:
                continue
            found.append(Reminder(key, message, _link("reports.mine"), posting))
        end = posting.end_date
        if posting.status == PostingStatus.ACTIVE and as_of <= end <= as_of + timedelta(
            ENDING_SOON_DAYS
        ):
            message = _(
                "%(name)s's posting at %(department)s ends on %(end)s.",
                name=name,
                department=posting.host_department.name,
                end=format_date(end, "long"),
            )
            found.append(
                Reminder(
                    f"ending:{posting.id}:{end.isoformat()}",
                    message,
                    _link("postings.detail", posting_id=posting.id),
                    posting,
                )
            )
    return found


def _recipients(postings: list[Posting]) -> dict[int, list[User]]:
    """Posting id → the official and the HR officers of both districts (active accounts)."""
    district_ids = {p.home_district_id for p in postings} | {p.host_district_id for p in postings}
    cadre_ids = {p.cadre_id for p in postings}
    users = db.session.scalars(
        sa.select(User).where(
            User.active.is_(True),
            sa.or_(
                sa.and_(User.role == Role.HR, User.district_id.in_(district_ids)),
                sa.and_(User.role == Role.CADRE, User.cadre_id.in_(cadre_ids)),
            ),
        )
    ).all()
    result = {}
    for posting in postings:
        result[posting.id] = [
            u
            for u in users
            if (u.role == Role.CADRE and u.cadre_id == posting.cadre_id)
            or (
                u.role == Role.HR
                and u.district_id in (posting.home_district_id, posting.host_district_id)
            )
        ]
    return result


def create_notifications(as_of: date | None = None) -> int:
    """Add the notifications not yet given; returns how many were added. Flushes."""
    as_of = as_of or clock.today()
    postings = _postings(as_of)
    reminders = reminders_for(postings, as_of)
    if not reminders:
        return 0
    recipients = _recipients(postings)
    keys = {r.key for r in reminders}
    existing = set(
        db.session.execute(
            sa.select(Notification.user_id, Notification.key).where(Notification.key.in_(keys))
        ).all()
    )
    created = 0
    for reminder in reminders:
        for user in recipients[reminder.posting.id]:
            if (user.id, reminder.key) in existing:
                continue
            existing.add((user.id, reminder.key))
            db.session.add(
                Notification(
                    user_id=user.id, key=reminder.key, message=reminder.message, link=reminder.link
                )
            )
            created += 1
    db.session.flush()
    return created


def send_emails() -> tuple[int, list[str]]:
    """Mail each unread, unmailed notification to users with an address; once each."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0, []
    pending = db.session.scalars(
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
    if not pending:
        return 0, []
    sent, errors = 0, []
    with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        for note in pending:
            message = EmailMessage()
            message["From"] = config.get("MAIL_SENDER", "exchange@localhost")
            message["To"] = note.user.email
            message["Subject"] = _("Cadre Exchange reminder")
            message.set_content(note.message + ("\n\n" + note.link if note.link else ""))
            try:
                smtp.send_message(message)
            except smtplib.SMTPException as error:
                errors.append(f"{note.user.email}: {error}")
                continue
            note.emailed_at = utcnow()
            sent += 1
            db.session.flush()
    return sent, errors


def run(as_of: date | None = None) -> RunResult:
    result = RunResult()
    result.created = create_notifications(as_of)
    db.session.commit()
    result.emailed, result.errors = send_emails()
    db.session.commit()
    return result
