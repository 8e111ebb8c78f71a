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
from exchange.programmes.models import Programme


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


def end_of_term_due(user, today: date, limit: int = 50) -> list[Posting]:
    """Postings ``user`` may see whose 考核鉴定 is open or overdue and not yet locked.

    The window test is in Python (its length is per programme) over the postings that
    end within a year from today or ended before; the latest-ending come first.
    """
    locked = sa.exists().where(
        Appraisal.posting_id == Posting.id,
        Appraisal.kind == AppraisalKind.END_OF_TERM,
        Appraisal.status == AppraisalStatus.LOCKED,
    )
    end = Posting.end_date
    stmt = (
        sa.select(Posting)
        .join(Posting.programme)
        .where(
            Posting.status.in_(rules.APPRAISED_STATUSES),
            ~locked,
            policy.posting_scope(user, Posting),
            end <= today + timedelta(days=366),
        )
        .options(
            joinedload(Posting.cadre),
            joinedload(Posting.host_department),
            joinedload(Posting.home_department),
            joinedload(Posting.programme).selectinload(Programme.term_rules),
        )
        .order_by(end.desc(), Posting.id)
        .limit(limit * 4)
    )
    postings = db.session.scalars(stmt).unique().all()
    due = [p for p in postings if rules.end_of_term_window(p).is_open(today)]
    return due[:limit]
