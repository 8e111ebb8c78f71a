"""Reminders of reports due within a week or overdue, sent through notifications.

Registered with ``exchange.notifications.reminders``; ``flask remind`` runs it every hour.
The official and the HR officers of both districts are told once per report due.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from exchange.extensions import db
from exchange.notifications import reminders
from exchange.notifications.services import notify
from exchange.postings.models import Posting
from exchange.postings.queries import people_of
from exchange.reports.models import ReportKind
from exchange.reports.schedule import (
    MISSING,
    OVERDUE_LOOKBACK_DAYS,
    UPCOMING,
    compliance_for,
    in_post_or_ended_since,
)

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    kind: str  # "due" or "overdue"
    what: str  # "<posting id>:<due date>": one reminder per report due
    title: str
    posting: Posting

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.what}"


def _postings(as_of: date) -> list[Posting]:
    """Active postings, and those that ended within the look-back window."""
    recent = as_of - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    stmt = (
        sa.select(Posting)
        .where(in_post_or_ended_since(recent))
        .options(joinedload(Posting.cadre), joinedload(Posting.programme))
    )
    return list(db.session.scalars(stmt).unique().all())


def _reminder(posting: Posting, item, as_of: date) -> Reminder | None:
    values = {
        "name": posting.cadre.name,
        "kind": ReportKind(item.kind).label,
        "due": format_date(item.due_date, "long"),
    }
    what = f"{posting.id}:{item.due_date.isoformat()}"
    if item.state == MISSING:
        return Reminder(
            "overdue", what, _("%(name)s: the %(kind)s due %(due)s is overdue.", **values), posting
        )
    if item.state == UPCOMING and item.due_date <= as_of + timedelta(DUE_SOON_DAYS):
        return Reminder("due", what, _("%(name)s: the %(kind)s is due %(due)s.", **values), posting)
    return None


def reminders_for(postings: list[Posting], as_of: date) -> list[Reminder]:
    """What to remind about, as of ``as_of``; pure apart from one query for reports."""
    schedules = compliance_for(postings, as_of)
    found = (_reminder(p, item, as_of) for p in postings for item in schedules[p.id].items)
    return [r for r in found if r is not None]


def send(as_of: date) -> int:
    """Notify whom each posting concerns of its reports due soon or overdue."""
    postings = _postings(as_of)
    found = reminders_for(postings, as_of)
    if not found:
        return 0
    people = people_of(postings)
    link = reminders.link("reports.mine")
    return sum(notify(people[r.posting.id], r.kind, r.title, link, key=r.what) for r in found)


reminders.add(send)
