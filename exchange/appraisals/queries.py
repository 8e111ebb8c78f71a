"""Read models: a posting's appraisals, a cadre's results by year, overdue 考核鉴定."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from exchange import policy
from exchange.appraisals import rules
from exchange.appraisals.models import (
    AnnualResult,
    Appraisal,
    AppraisalKind,
    AppraisalStatus,
    AppraisalVersion,
)
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.programmes.models import Programme, TermRule, TermRuleKind


@dataclass
class PostingAppraisals:
    """What the appraisal page shows of one posting."""

    end_of_term: Appraisal | None
    window: rules.Window
    annual: dict[int, Appraisal | None] = field(default_factory=dict)


def appraisals_of(posting, today: date) -> PostingAppraisals:
    rows = db.session.scalars(
        sa.select(Appraisal)
        .where(Appraisal.posting_id == posting.id)
        .options(
            joinedload(Appraisal.host_signed_by),
            joinedload(Appraisal.home_signed_by),
            selectinload(Appraisal.versions).joinedload(AppraisalVersion.corrected_by),
        )
    ).all()
    by_year = {a.year: a for a in rows if a.kind == AppraisalKind.ANNUAL and a.year is not None}
    years = sorted(set(rules.annual_years(posting, today)) | set(by_year))
    return PostingAppraisals(
        end_of_term=next((a for a in rows if a.kind == AppraisalKind.END_OF_TERM), None),
        window=rules.end_of_term_window(posting),
        annual={year: by_year.get(year) for year in years},
    )


def results_of_cadre(user, cadre_id: int) -> list[Appraisal]:
    """The cadre's locked appraisals that ``user`` may read, annual by year, then 鉴定."""
    return list(
        db.session.scalars(
            sa.select(Appraisal)
            .join(Appraisal.posting)
            .where(
                Posting.cadre_id == cadre_id,
                Appraisal.status == AppraisalStatus.LOCKED,
                policy.appraisal_scope(user, Appraisal, Posting),
            )
            .options(joinedload(Appraisal.posting))
            .order_by(Appraisal.year.is_(None), Appraisal.year, Posting.start_date)
        )
    )


def recorded_results(cadre_id: int) -> list[AnnualResult]:
    """The cadre's results of years outside postings (imported), by year."""
    return list(
        db.session.scalars(
            sa.select(AnnualResult)
            .where(AnnualResult.cadre_id == cadre_id)
            .order_by(AnnualResult.year)
        )
    )


def annual_results(cadre_id: int) -> dict[int, str]:
    """Year → the cadre's 年度考核 grade (for forms and .lrmx).

    The final grade of each locked annual appraisal of a posting, and for the years
    outside postings the results recorded by the home side (``AnnualResult``, imported);
    a posting's appraisal wins when both name a year.
    """
    recorded = db.session.execute(
        sa.select(AnnualResult.year, AnnualResult.grade).where(AnnualResult.cadre_id == cadre_id)
    )
    results = {year: grade for year, grade in recorded}
    rows = db.session.execute(
        sa.select(Appraisal.year, Appraisal.final_grade)
        .join(Appraisal.posting)
        .where(
            Posting.cadre_id == cadre_id,
            Appraisal.kind == AppraisalKind.ANNUAL,
            Appraisal.status == AppraisalStatus.LOCKED,
        )
        .order_by(Appraisal.year)
    ).all()
    results.update({year: grade for year, grade in rows if year is not None and grade is not None})
    return dict(sorted(results.items()))


#: A 考核鉴定 still missing this long after the posting's end leaves the to-do lists and HR's
#: home page (the posting's own page still shows it missing): the lists are for work at hand,
#: like the reports' and talks' look-back.
LOOKBACK_DAYS = 180


def _window_open(today: date):
    """The 考核鉴定 window is open or past on ``today``: the end is at most the programme's
    window away (``rules.window_days``), and it ended at most ``LOOKBACK_DAYS`` ago. The
    programmes' windows are read first (a few rows), so the test is plain date comparisons
    that any database and index can take."""
    rows = db.session.execute(
        sa.select(TermRule.programme_id, TermRule.value).where(
            TermRule.kind == TermRuleKind.APPRAISAL_WINDOW_DAYS
        )
    ).all()
    by_days: dict[int, list[int]] = {}
    for programme_id, days in rows:
        by_days.setdefault(days, []).append(programme_id)
    end = Posting.end_date
    ruled = [programme_id for programme_id, _days in rows]
    tests = [
        sa.and_(Posting.programme_id.in_(ids), end <= today + timedelta(days=days))
        for days, ids in by_days.items()
    ]
    default = end <= today + timedelta(days=rules.DEFAULT_WINDOW_DAYS)
    tests.append(sa.and_(Posting.programme_id.not_in(ruled), default) if ruled else default)
    return sa.and_(sa.or_(*tests), end >= today - timedelta(days=LOOKBACK_DAYS))


def _not_locked():
    return ~sa.exists().where(
        Appraisal.posting_id == Posting.id,
        Appraisal.kind == AppraisalKind.END_OF_TERM,
        Appraisal.status == AppraisalStatus.LOCKED,
    )


def _due_where(user, today: date, scopes=None) -> list[list]:
    """The WHERE clauses of the postings due, for each of ``scopes`` (parts of the user's
    postings; by default their whole scope). The open window is read once for all."""
    due = [Posting.status.in_(rules.APPRAISED_STATUSES), _window_open(today), _not_locked()]
    return [[scope, *due] for scope in (scopes or [policy.posting_scope(user, Posting)])]


def _waiting_for(user):
    """The district whose HR acts next is ``user``'s: the host until it has signed (an
    end-of-term appraisal exists), then the home side until it is locked."""
    started = sa.exists().where(
        Appraisal.posting_id == Posting.id, Appraisal.kind == AppraisalKind.END_OF_TERM
    )
    return sa.or_(
        sa.and_(~started, Posting.host_district_id == user.district_id),
        sa.and_(started, Posting.home_district_id == user.district_id),
    )


def end_of_term_due(
    user, today: date, limit: int | None = None, *, waiting: bool = False
) -> list[Posting]:
    """Postings ``user`` may see whose 考核鉴定 is open or overdue on ``today`` and not yet
    locked, the longest overdue first; with ``waiting``, only those whose next signature is
    ``user``'s district's."""
    [where] = _due_where(user, today)
    if waiting:
        where.append(_waiting_for(user))
    stmt = (
        sa.select(Posting)
        .where(*where)
        .options(
            joinedload(Posting.cadre),
            joinedload(Posting.host_department),
            joinedload(Posting.home_department),
            joinedload(Posting.programme).selectinload(Programme.term_rules),
        )
        .order_by(Posting.end_date, Posting.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt).unique().all())


def end_of_term_due_count(user, today: date, *, waiting: bool = False) -> int:
    """``len(end_of_term_due(user, today, waiting=waiting))``, counted in the database:
    one count for each part of the user's postings, each read from its district index
    (``policy.posting_scope_parts``), added up in one statement."""
    counts = []
    for where in _due_where(user, today, policy.posting_scope_parts(user, Posting)):
        if waiting:
            where.append(_waiting_for(user))
        counts.append(sa.select(sa.func.count(Posting.id)).where(*where).scalar_subquery())
    return db.session.scalar(sa.select(sum(counts[1:], counts[0]))) or 0
