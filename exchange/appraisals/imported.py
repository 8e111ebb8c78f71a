"""Annual appraisal results from the home side's records (the appraisal import).

A year the cadre served a posting: the result is that posting's 年度考核, recorded as
final (locked, signed by the importing home side); the host's proposal, if it wrote
one, is kept. A changed result of a locked appraisal is a correction: the earlier
content is kept as a version with the import as its reason. A year outside postings
is an ``AnnualResult`` of the cadre, which the 任免审批表 and the .lrmx file read
(``queries.annual_results``). Each function returns ``"create"``, ``"update"`` or
``"skip"``, checks the actor, records the audit event and flushes; callers commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.appraisals import rules
from exchange.appraisals.models import (
    AnnualResult,
    Appraisal,
    AppraisalKind,
    AppraisalStatus,
    AppraisalVersion,
    Grade,
)
from exchange.appraisals.services import _audit, find
from exchange.audit.services import changes_of, record
from exchange.clock import today
from exchange.db import utcnow
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db

CREATE, UPDATE, SKIP = "create", "update", "skip"


def _check(grade: str, year: int) -> None:
    if Grade.coerce(grade) is None:
        raise DomainError([("grade", "grade_required", _l("Choose a grade."))])
    if year > today().year:
        raise DomainError([("year", "future_year", _l("%(year)d has not begun yet.", year=year))])


def served_postings(cadre, year: int) -> list:
    """The cadre's postings that ran (in post or finished) in ``year``."""
    return [p for p in cadre.postings if year in rules.annual_years(p, today())]


def _keep_version(appraisal: Appraisal, actor, source: str) -> None:
    db.session.add(
        AppraisalVersion(
            appraisal_id=appraisal.id,
            revision=appraisal.revision,
            content=appraisal.content(),
            host_signed_by_id=appraisal.host_signed_by_id,
            host_signed_at=appraisal.host_signed_at,
            home_signed_by_id=appraisal.home_signed_by_id,
            home_signed_at=appraisal.home_signed_at,
            reason=source,
            corrected_by_id=actor.id,
        )
    )
    appraisal.revision += 1


def import_posting_year(posting, year: int, grade: str, actor, source: str) -> str:
    """The final 年度考核 grade of ``posting`` for ``year``, as the home side's records say."""
    if not policy.can_record_annual_result(actor, posting.cadre, posting):
        raise NotAllowed(_l("Only the home side records this result."))
    _check(grade, year)
    if year not in rules.annual_years(posting, today()):
        raise DomainError(
            [(None, "year_outside_posting", _l("The posting did not run in that year yet."))]
        )
    appraisal = find(posting, AppraisalKind.ANNUAL, year)
    if appraisal is not None and appraisal.is_locked and appraisal.final_grade == grade:
        return SKIP
    action = UPDATE
    if appraisal is None:
        action = CREATE
        appraisal = Appraisal(
            posting=posting,
            kind=AppraisalKind.ANNUAL,
            year=year,
            proposed_grade=grade,
            host_signed_by_id=None,
        )
        db.session.add(appraisal)
    elif appraisal.is_locked:
        _keep_version(appraisal, actor, source)
    appraisal.final_grade = grade
    appraisal.status = AppraisalStatus.LOCKED
    appraisal.home_signed_by_id = actor.id
    appraisal.home_signed_at = utcnow()
    changes = changes_of(appraisal)
    db.session.flush()
    _audit("import", appraisal, actor, {**changes, "source": [None, source]})
    return action


def import_year_outside_postings(cadre, year: int, grade: str, actor, source: str) -> str:
    """The cadre's 年度考核 result of a year in which no posting ran."""
    if not policy.can_record_annual_result(actor, cadre):
        raise NotAllowed(_l("Only the cadre's home district records this result."))
    _check(grade, year)
    result = db.session.scalar(
        sa.select(AnnualResult).where(AnnualResult.cadre_id == cadre.id, AnnualResult.year == year)
    )
    if result is not None and result.grade == grade:
        return SKIP
    action = UPDATE
    if result is None:
        action = CREATE
        result = AnnualResult(cadre_id=cadre.id, year=year)
        db.session.add(result)
    result.grade = grade
    result.source = source[:200]
    result.recorded_by_id = actor.id
    result.recorded_at = utcnow()
    changes = changes_of(result)
    db.session.flush()
    record(
        "appraisal.annual_result",
        result,
        actor=actor,
        changes=changes,
        summary=f"{cadre.name} · {year} {AppraisalKind.ANNUAL.label}",
        districts=(cadre.home_department.district_id,),
    )
    return action
