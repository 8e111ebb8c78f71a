"""Reminders of postings ending within 30 days, sent through notifications.

Registered with ``exchange.notifications.reminders``; ``flask remind`` runs it every hour.
The official and the HR officers of both districts are told once per planned end.
"""

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from exchange.extensions import db
from exchange.notifications import reminders
from exchange.notifications.services import notify
from exchange.postings.models import Posting, PostingStatus
from exchange.postings.queries import people_of

ENDING_SOON_DAYS = 30


def ending_soon(as_of: date) -> list[Posting]:
    """Active postings whose end falls within ``ENDING_SOON_DAYS`` of ``as_of``."""
    stmt = (
        sa.select(Posting)
        .where(
            Posting.status == PostingStatus.ACTIVE,
            Posting.end_date.between(as_of, as_of + timedelta(ENDING_SOON_DAYS)),
        )
        .options(joinedload(Posting.cadre), joinedload(Posting.host_department))
        .order_by(Posting.id)
    )
    return list(db.session.scalars(stmt).unique().all())


def send(as_of: date) -> int:
    """Notify whom each posting ending soon concerns; once per posting and end date."""
    postings = ending_soon(as_of)
    if not postings:
        return 0
    people = people_of(postings)
    added = 0
    for posting in postings:
        end = posting.end_date
        title = _(
            "%(name)s's posting at %(department)s ends on %(end)s.",
            name=posting.cadre.name,
            department=posting.host_department.name,
            end=format_date(end, "long"),
        )
        link = reminders.link("postings.detail", posting_id=posting.id)
        added += notify(people[posting.id], "ending", title, link, key=f"{posting.id}:{end}")
    return added


reminders.add(send)
