"""The rules of reports: writing, submitting, new versions, comments and remarks.

Every function takes the acting user, checks the policy predicate itself, validates,
flushes and records an audit event; it never commits.
"""

import functools
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import changes_of, record
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports import inbox
from exchange.reports.models import (
    Comment,
    CommentKind,
    ReflectionLog,
    ReportKind,
    ReportStatus,
)

TITLE_MAX = 200
BODY_MAX = 20_000
COMMENT_MAX = 5_000
TAGS_MAX = 200
SUGGESTED_TAGS = ("所学所获", "工作成效", "困难问题", "意见建议", "短板不足")
_TAG_SPLIT = re.compile(r"[,，、;；]+")


@dataclass(frozen=True)
class ReportData:
    kind: str
    title: str
    report_date: date | None
    body: str
    period_start_date: date | None = None
    period_end_date: date | None = None
    tags: str = ""


def normalise_tags(text: str) -> str:
    """Comma-separated tags without blanks or repeats, in the order given."""
    seen = []
    for tag in _TAG_SPLIT.split(text or ""):
        tag = tag.strip()
        if tag and tag not in seen:
            seen.append(tag)
    return ",".join(seen)


def _districts(posting: Posting) -> tuple:
    return (posting.home_district_id, posting.host_district_id)


def _validate(posting: Posting, data: ReportData) -> None:
    reasons = _text_reasons(data) + _date_reasons(posting, data)
    if reasons:
        raise DomainError(reasons)


def _text_reasons(data: ReportData) -> list:
    reasons = []
    if data.kind not in set(ReportKind):
        reasons.append(("kind", "invalid_choice", _l("Choose the kind of report.")))
    if not (data.title or "").strip():
        reasons.append(("title", "required", _l("A title is required.")))
    elif len(data.title.strip()) > TITLE_MAX:
        reasons.append(
            ("title", "too_long", _l("The title is longer than %(n)d characters.", n=TITLE_MAX))
        )
    if not (data.body or "").strip():
        reasons.append(("body", "required", _l("The report has no text.")))
    elif len(data.body) > BODY_MAX:
        reasons.append(
            (
                "body",
                "too_long",
                _l(
                    "The text is %(length)d characters long; at most %(n)d are allowed.",
                    length=len(data.body),
                    n=BODY_MAX,
                ),
            )
        )
    if len(normalise_tags(data.tags)) > TAGS_MAX:
        reasons.append(
            ("tags", "too_long", _l("The tags are longer than %(n)d characters.", n=TAGS_MAX))
        )
    return reasons


def _date_reasons(posting: Posting, data: ReportData) -> list:
    reasons = []
    start, end = posting.start_date, posting.end_date
    outside = _l(
        "The date %(day)s is outside the posting, which runs from %(start)s to %(end)s.",
    )
    if data.report_date is None:
        reasons.append(("report_date", "required", _l("The report date is required.")))
    elif not start <= data.report_date <= end:
        reasons.append(
            ("report_date", "outside_posting", _outside(outside, data.report_date, start, end))
        )
    for name in ("period_start_date", "period_end_date"):
        day = getattr(data, name)
        if day is not None and not start <= day <= end:
            reasons.append((name, "outside_posting", _outside(outside, day, start, end)))
    if (
        data.period_start_date
        and data.period_end_date
        and data.period_end_date < data.period_start_date
    ):
        reasons.append(("period_end_date", "before_start", _l("The period ends before it starts.")))
    return reasons


def _outside(message, day, start, end) -> str:
    return str(message) % {
        "day": format_date(day, "long"),
        "start": format_date(start, "long"),
        "end": format_date(end, "long"),
    }


def _apply(report: ReflectionLog, data: ReportData) -> None:
    report.kind = data.kind
    report.title = data.title.strip()
    if data.report_date is not None:  # required: _validate refused a missing one
        report.report_date = data.report_date
    report.period_start_date = data.period_start_date
    report.period_end_date = data.period_end_date
    report.body = data.body
    report.tags = normalise_tags(data.tags)


def create_report(posting: Posting, author, data: ReportData, parent=None) -> ReflectionLog:
    """A new draft by ``author`` on their own posting."""
    if not policy.can_write_report(author, posting):
        message = _l("You can only write reports on your own posting.")
        raise NotAllowed([("posting_id", "not_allowed", message)])
    _validate(posting, data)
    report = ReflectionLog(posting=posting, author=author, status=ReportStatus.DRAFT, parent=parent)
    _apply(report, data)
    db.session.add(report)
    changes = changes_of(report)
    db.session.flush()
    record("report.create", report, actor=author, changes=changes, districts=_districts(posting))
    return report


def update_report(report: ReflectionLog, actor, data: ReportData, expected_version: int | None):
    """Change a draft; refused once submitted, or when someone saved it meanwhile."""
    if not policy.can_edit_report(actor, report):
        message = _l("A submitted report can no longer be edited; add a new version.")
        raise NotAllowed([(None, "not_allowed", message)])
    if expected_version is not None and expected_version != report.version:
        message = _l("This report was changed meanwhile. Reload it and try again.")
        raise ConflictError([("version", "stale", message)])
    _validate(report.posting, data)
    _apply(report, data)
    changes = changes_of(report)
    if changes:
        db.session.flush()
        record(
            "report.update",
            report,
            actor=actor,
            changes=changes,
            districts=_districts(report.posting),
        )
    return report


def submit_report(report: ReflectionLog, actor, now=None) -> ReflectionLog:
    """Draft → submitted, for HR and leadership to read; the text is checked once more."""
    from exchange.db import utcnow

    if not policy.can_edit_report(actor, report):
        message = _l("Only the author can submit a draft, and only once.")
        raise NotAllowed([(None, "not_allowed", message)])
    _validate(
        report.posting,
        ReportData(
            report.kind,
            report.title,
            report.report_date,
            report.body,
            report.period_start_date,
            report.period_end_date,
            report.tags,
        ),
    )
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now or utcnow()
    changes = changes_of(report)
    db.session.flush()
    record(
        "report.submit", report, actor=actor, changes=changes, districts=_districts(report.posting)
    )
    return report


def root_of(report: ReflectionLog) -> ReflectionLog:
    while report.parent is not None:
        report = report.parent
    return report


def add_version(report: ReflectionLog, actor, data: ReportData) -> ReflectionLog:
    """A new draft version of (or addendum to) a submitted report; the original stays."""
    if not policy.can_add_version(actor, report):
        message = _l("Only the author can add a version to a submitted report.")
        raise NotAllowed([(None, "not_allowed", message)])
    return create_report(report.posting, actor, data, parent=root_of(report))


def history_of(report: ReflectionLog) -> list[ReflectionLog]:
    """The original report and all its versions and addenda, oldest first."""
    root = root_of(report)
    return list(db.session.scalars(_versions(), {"root_id": root.id}).all())


@functools.cache
def _versions():
    """A report's versions: built once (a report's page asks each time)."""
    import sqlalchemy as sa

    root_id = sa.bindparam("root_id")
    return (
        sa.select(ReflectionLog)
        .where(sa.or_(ReflectionLog.id == root_id, ReflectionLog.parent_id == root_id))
        .order_by(ReflectionLog.created_at, ReflectionLog.id)
    )


def _comment(report, actor, body: str, kind: str, allowed: bool, action: str) -> Comment:
    if not allowed:
        raise NotAllowed([(None, "not_allowed", _l("You may not comment on this report."))])
    body = (body or "").strip()
    if not body:
        raise DomainError([("body", "required", _l("The comment has no text."))])
    if len(body) > COMMENT_MAX:
        raise DomainError(
            [
                (
                    "body",
                    "too_long",
                    _l("The comment is longer than %(n)d characters.", n=COMMENT_MAX),
                )
            ]
        )
    comment = Comment(report=report, author=actor, body=body, kind=kind)
    db.session.add(comment)
    changes = changes_of(comment)
    db.session.flush()
    record(action, comment, actor=actor, changes=changes, districts=_districts(report.posting))
    inbox.commented(comment)  # messages to the author (and for a 批示, both sides' HR)
    return comment


def add_comment(report: ReflectionLog, actor, body: str) -> Comment:
    """点评 by HR of either side, an administrator or leadership, on a submitted report."""
    allowed = policy.can_comment_report(actor, report)
    return _comment(report, actor, body, CommentKind.COMMENT, allowed, "report.comment")


def add_remark(report: ReflectionLog, actor, body: str) -> Comment:
    """批示: leadership's remark, shown apart from ordinary comments."""
    allowed = policy.can_remark_report(actor, report)
    return _comment(report, actor, body, CommentKind.REMARK, allowed, "report.remark")
