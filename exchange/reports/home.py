"""Sections this feature adds to the home pages, the posting page and the dashboard.

(exchange/web/sections.py)
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import clock, policy
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from exchange.reports.schedule import Compliance, DueItem, compliance_for, overdue_items
from exchange.web import sections


@dataclass(frozen=True)
class ComplianceOverview:
    overdue: list[tuple[Posting, DueItem]]
    rows: list[tuple[Posting, Compliance]]  # active postings, least compliant first


def overview(user) -> ComplianceOverview:
    """Overdue reports and each active posting's compliance, within what ``user`` may see."""
    as_of = clock.today()
    postings = (
        db.session.scalars(
            sa.select(Posting)
            .where(policy.posting_scope(user), Posting.status == PostingStatus.ACTIVE)
            .options(
                joinedload(Posting.cadre),
                joinedload(Posting.programme),
                joinedload(Posting.home_district),
                joinedload(Posting.host_district),
                joinedload(Posting.host_department),
            )
        )
        .unique()
        .all()
    )
    schedules = compliance_for(postings, as_of)
    rows = sorted(
        ((p, schedules[p.id]) for p in postings),
        key=lambda row: (
            row[1].rate if row[1].rate is not None else 2,
            row[0].cadre.name_pinyin or "",
        ),
    )
    return ComplianceOverview(overdue_items(user, as_of), rows)


def own_schedule(user):
    """The official's current posting with its schedule, for the cadre home page."""
    posting = db.session.scalar(
        sa.select(Posting)
        .where(
            Posting.cadre_id == user.cadre_id,
            Posting.status.in_((PostingStatus.ACTIVE, PostingStatus.ACCEPTED)),
        )
        .options(joinedload(Posting.programme))
        .order_by(Posting.start_date.desc())
    )
    if posting is None:
        return None
    return posting, compliance_for([posting])[posting.id]


sections.add_home("hr", "reports/_home_compliance.html", overview, order=30)
sections.add_home("leader", "reports/_home_compliance.html", overview, order=30)
sections.add_home("admin", "reports/_home_compliance.html", overview, order=60)
sections.add_home("cadre", "reports/_home_schedule.html", own_schedule, order=10)


def posting_schedule(user, posting):
    """The posting page's reporting schedule (a section of the posting page)."""
    return compliance_for([posting])[posting.id]


sections.add("posting", "reports/_posting_schedule.html", posting_schedule, order=40)


def overdue_count(user) -> int:
    """The dashboard's card: reports overdue today, within what ``user`` may see."""
    return len(overdue_items(user, clock.today()))


sections.add("dashboard", "reports/_dashboard_overdue.html", overdue_count, order=10)
