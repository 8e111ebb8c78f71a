"""Writing appraisals: the host signs its part, the home side signs and locks, corrections.

Every function checks the actor (``exchange.policy``), the rules (``rules``) and the
version the form was opened at, writes the audit event and flushes; callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.appraisals import rules
from exchange.appraisals.models import (
    Appraisal,
    AppraisalKind,
    AppraisalStatus,
    AppraisalVersion,
    Grade,
)
from exchange.audit.services import changes_of, record
from exchange.clock import today
from exchange.dates import day_text
from exchange.db import utcnow
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db

CHANGED = _l("This appraisal changed since you opened it. Reload the page, then try again.")


@dataclass(frozen=True)
class HostPart:
    """The host side's part: the proposed grade and its words (annual or 鉴定意见)."""

    grade: str | None
    work_record: str = ""
    performance: str = ""
    achievements: str = ""
    shortcomings: str = ""
    expectations: str = ""


@dataclass(frozen=True)
class HomePart:
    opinion: str = ""
    final_grade: str | None = None


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _check_version(appraisal: Appraisal | None, expected_version: int | None) -> None:
    if appraisal is None:
        return
    if expected_version is None or appraisal.version != expected_version:
        raise ConflictError([(None, "stale", CHANGED)])


def _grade(value: str | None, field: str) -> str:
    if Grade.coerce(value) is None:
        raise DomainError([(field, "grade_required", _l("Choose a grade."))])
    return str(value)


def _audit(action: str, appraisal: Appraisal, actor, changes: dict, summary: str = "") -> None:
    posting = appraisal.posting
    label = AppraisalKind(appraisal.kind).label
    if appraisal.year:
        label = f"{appraisal.year} {label}"
    record(
        f"appraisal.{action}",
        appraisal,
        actor=actor,
        changes=changes,
        summary=summary or f"{posting} · {label}",
        districts=(posting.host_district_id, posting.home_district_id),
    )


def find(posting, kind: AppraisalKind, year: int | None = None) -> Appraisal | None:
    return db.session.scalar(
        sa.select(Appraisal).where(
            Appraisal.posting_id == posting.id,
            Appraisal.kind == kind,
            Appraisal.year.is_(None) if year is None else Appraisal.year == year,
        )
    )


def _host_fields(kind: AppraisalKind, part: HostPart) -> dict:
    grade = _grade(part.grade, "grade")
    required: tuple[str, ...]
    if kind == AppraisalKind.ANNUAL:
        fields = {"work_record": _clean(part.work_record)}
        required = ("work_record",)
    else:
        fields = {
            "performance": _clean(part.performance),
            "achievements": _clean(part.achievements),
            "shortcomings": _clean(part.shortcomings),
            "expectations": _clean(part.expectations),
        }
        required = ("performance", "achievements")
    missing = [(f, "required", _l("Write this part.")) for f in required if not fields[f]]
    if missing:
        raise DomainError(missing)
    return {"proposed_grade": grade, **fields}


def _check_when(posting, kind: AppraisalKind, year: int | None) -> None:
    if posting.status not in rules.APPRAISED_STATUSES:
        raise DomainError(
            [(None, "posting_not_started", _l("Only a posting that has begun is appraised."))]
        )
    now = today()
    if kind == AppraisalKind.END_OF_TERM:
        window = rules.end_of_term_window(posting)
        if not window.is_open(now):
            raise DomainError(
                [
                    (
                        None,
                        "window_not_open",
                        _l(
                            "The end-of-term appraisal opens on %(date)s.",
                            date=day_text(window.opens_on),
                        ),
                    )
                ]
            )
    elif year not in rules.annual_years(posting, now):
        raise DomainError(
            [(None, "year_outside_posting", _l("The posting did not run in that year yet."))]
        )


def sign_host_part(
    posting, kind: AppraisalKind, year: int | None, part: HostPart, actor, expected_version
) -> Appraisal:
    """The host side writes (or, until the home side signs, rewrites) and signs its part."""
    if not policy.can_write_host_appraisal(actor, posting):
        raise NotAllowed(_l("Only the host side writes this appraisal."))
    kind = AppraisalKind(kind)
    year = year if kind == AppraisalKind.ANNUAL else None
    _check_when(posting, kind, year)
    appraisal = find(posting, kind, year)
    _check_version(appraisal, expected_version)
    if appraisal is not None and appraisal.is_locked:
        raise DomainError(
            [
                (
                    None,
                    "locked",
                    _l("Both sides have signed: change it by a correction, with a reason."),
                )
            ]
        )
    fields = _host_fields(kind, part)
    if appraisal is None:
        appraisal = Appraisal(posting=posting, kind=kind, year=year)
        db.session.add(appraisal)
    for name, value in fields.items():
        setattr(appraisal, name, value)
    appraisal.status = AppraisalStatus.HOST_SIGNED
    appraisal.host_signed_by_id = actor.id
    appraisal.host_signed_at = utcnow()
    changes = changes_of(appraisal)
    db.session.flush()
    _audit("host_sign", appraisal, actor, changes)
    return appraisal


def sign_home_part(appraisal: Appraisal, part: HomePart, actor, expected_version) -> Appraisal:
    """The home side adds its opinion, confirms or sets the final grade, and so locks it."""
    posting = appraisal.posting
    if not policy.can_write_home_appraisal(actor, posting):
        raise NotAllowed(_l("Only the home side signs this part."))
    _check_version(appraisal, expected_version)
    if appraisal.is_locked:
        raise DomainError(
            [
                (
                    None,
                    "locked",
                    _l("Both sides have signed: change it by a correction, with a reason."),
                )
            ]
        )
    opinion = _clean(part.opinion)
    if appraisal.kind == AppraisalKind.END_OF_TERM and not opinion:
        raise DomainError([("opinion", "required", _l("Write this part."))])
    final_grade = _final_grade(appraisal, part, _host_decides(appraisal))
    appraisal.home_opinion = opinion
    appraisal.final_grade = final_grade
    appraisal.home_signed_by_id = actor.id
    appraisal.home_signed_at = utcnow()
    appraisal.status = AppraisalStatus.LOCKED
    changes = changes_of(appraisal)
    db.session.flush()
    _audit("home_sign", appraisal, actor, changes)
    return appraisal


def _host_decides(appraisal: Appraisal) -> bool:
    """The host's grade is final for 考核鉴定, and for 年度考核 when the programme says so.

    Read before changing the appraisal: loading the programme's rules autoflushes.
    """
    if appraisal.kind == AppraisalKind.END_OF_TERM:
        return True
    return rules.host_decides_annual_grade(appraisal.posting.programme)


def _final_grade(appraisal: Appraisal, part: HomePart, host_decides: bool) -> str:
    """The home side decides the grade unless the host's is final (``_host_decides``)."""
    if host_decides:
        return appraisal.proposed_grade
    return _grade(part.final_grade, "final_grade")


def correct(
    appraisal: Appraisal, host: HostPart | None, home: HomePart | None, reason: str, actor, version
) -> Appraisal:
    """Change a locked appraisal: the earlier content is kept with the reason.

    Each side corrects its own part (the admin either); the other part stays as signed.
    """
    posting = appraisal.posting
    may_host = policy.can_write_host_appraisal(actor, posting)
    may_home = policy.can_write_home_appraisal(actor, posting)
    if (host is None and home is None) or (host and not may_host) or (home and not may_home):
        raise NotAllowed(_l("You may not correct this part."))
    _check_version(appraisal, version)
    if not appraisal.is_locked:
        raise DomainError(
            [(None, "not_locked", _l("Not signed by both sides yet: sign it instead."))]
        )
    reason = _clean(reason)
    if not reason:
        raise DomainError(
            [("reason", "reason_required", _l("Give the reason for the correction."))]
        )
    host_decides = _host_decides(appraisal)
    before = appraisal.content()
    earlier = dict(
        appraisal_id=appraisal.id,
        revision=appraisal.revision,
        content=appraisal.content(),
        host_signed_by_id=appraisal.host_signed_by_id,
        host_signed_at=appraisal.host_signed_at,
        home_signed_by_id=appraisal.home_signed_by_id,
        home_signed_at=appraisal.home_signed_at,
        reason=reason,
        corrected_by_id=actor.id,
    )
    if host is not None:
        for name, value in _host_fields(AppraisalKind(appraisal.kind), host).items():
            setattr(appraisal, name, value)
        appraisal.host_signed_by_id, appraisal.host_signed_at = actor.id, utcnow()
    if home is not None:
        appraisal.home_opinion = _clean(home.opinion)
        appraisal.home_signed_by_id, appraisal.home_signed_at = actor.id, utcnow()
    kept = HomePart(final_grade=appraisal.final_grade)
    appraisal.final_grade = _final_grade(appraisal, home or kept, host_decides)
    if appraisal.content() == before:
        raise DomainError([(None, "unchanged", _l("Nothing was changed."))])
    changes = changes_of(appraisal)
    db.session.add(AppraisalVersion(**earlier))
    appraisal.revision += 1
    db.session.flush()
    _audit("correct", appraisal, actor, {**changes, "reason": [None, reason]})
    return appraisal
