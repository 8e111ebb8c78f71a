"""Sections this feature adds to the home pages, the posting page and the dashboard.

(exchange/web/sections.py)
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import clock
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from exchange.reports import counts, overdue
from exchange.reports.schedule import DueItem, compliance_for
from exchange.web import sections

SHOWN = 20  # rows of each list on the home page


@dataclass(frozen=True)
class ComplianceOverview:
    overdue: list[tuple[Posting, DueItem]]  # the oldest missing reports
    overdue_total: int  # all missing reports
    rows: list[tuple[Posting, counts.ComplianceCounts]]  # postings in post, least compliant first
    rows_total: int  # all postings in post


def _postings(ids) -> dict[int, Posting]:
    found = db.session.scalars(
        sa.select(Posting)
        .where(Posting.id.in_(ids))
        .options(
            joinedload(Posting.cadre),
            joinedload(Posting.programme),
            joinedload(Posting.host_district),
        )
    ).unique()
    return {posting.id: posting for posting in found}


def overview(user) -> ComplianceOverview:
    """Overdue reports and the postings in post that report least, within what ``user``
    may see: the first ``SHOWN`` of each, chosen from plain rows (reminders' postings and
    their reports, two statements) so that only those shown are loaded as objects."""
    as_of = clock.today()
    spans = counts.recent_spans(user, as_of)
    both = counts.standing_of_spans(spans, as_of)
    active = [span for span in spans if span.status == PostingStatus.ACTIVE]
    standing = {posting_id: counted for posting_id, (counted, _first) in both.items()}
    worst = sorted(
        active,
        key=lambda span: (
            rate if (rate := standing[span.posting_id].rate) is not None else 2,
            span.name_pinyin or "",
            span.posting_id,
        ),
    )[:SHOWN]
    # The oldest missing reports come from the postings whose oldest missing report is
    # oldest: the SHOWN first of those hold every one of the SHOWN oldest.
    oldest = sorted((due, posting_id) for posting_id, (_c, due) in both.items() if due)[:SHOWN]
    postings = _postings({span.posting_id for span in worst} | {pid for _due, pid in oldest})
    schedules = compliance_for([postings[pid] for _due, pid in oldest], as_of)
    overdue = sorted(
        ((postings[pid], item) for _due, pid in oldest for item in schedules[pid].overdue),
        key=lambda pair: (pair[1].due_date, pair[0].id),
    )[:SHOWN]
    return ComplianceOverview(
        overdue=overdue,
        overdue_total=sum(c.missing for c in standing.values()),
        rows=[(postings[span.posting_id], standing[span.posting_id]) for span in worst],
        rows_total=len(active),
    )


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
    return overdue.overdue_count(user, clock.today())


sections.add("dashboard", "reports/_dashboard_overdue.html", overdue_count, order=10)
