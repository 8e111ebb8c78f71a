"""Term changes (延期, 提前结束, 召回) need both sides: one side asks, the other consents.

A side's request is a :class:`TermChangeRequest` waiting for the other side; the
coordinating 组织部 (the admin) decides directly, with a reason. A request is checked
against the rules when asked and again when agreed, and the change reaches the posting
only then; an early end agreed for a day ahead is applied by the daily job on that day.
Each step checks the policy, the state and the versions, records an audit event against
the posting, tells the people concerned and flushes; callers commit.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import changes_of, record
from exchange.clock import today as clock_today
from exchange.errors_domain import ConflictError, DomainError
from exchange.extensions import db
from exchange.postings import rules, term_inbox
from exchange.postings.models import (
    ENDING_KINDS,
    EndCategory,
    Extension,
    Posting,
    PostingStatus,
    TermChangeKind,
    TermChangeRequest,
    TermChangeSide,
    TermChangeStatus,
)
from exchange.postings.services import (
    _audit,
    _move,
    _refuse_unless,
    _require_reason,
    _require_status,
    _term,
    lock_posting,
)

CHANGED_MESSAGE = _l(
    "This request changed since you opened it. Reload the page to see the change, then try again."
)


def _lock(change: TermChangeRequest, expected_version: int | None) -> TermChangeRequest:
    """Lock the request's row and refuse if it changed since the form was opened."""
    locked = db.session.scalars(
        sa.select(TermChangeRequest)
        .where(TermChangeRequest.id == change.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError([("version", "stale", CHANGED_MESSAGE)])
    return locked


def _record(action: str, change: TermChangeRequest, actor, changes: dict | None = None) -> None:
    """Audit ``action`` against the posting, whose version moves on: its page changed."""
    posting = change.posting
    posting.updated_at = datetime.now(UTC)
    db.session.flush()
    record(
        f"posting.{action}",
        posting,
        actor=actor,
        changes={"term_change": [None, change.id], "kind": [None, change.kind], **(changes or {})},
        summary=f"{posting} · {TermChangeKind(change.kind).label}",
        districts=(posting.home_district_id, posting.host_district_id),
    )


def open_changes(posting: Posting) -> list[TermChangeRequest]:
    """The requests still to act on: the one waiting, and an agreed end not yet reached."""
    return list(
        db.session.scalars(
            sa.select(TermChangeRequest).where(
                TermChangeRequest.posting_id == posting.id,
                sa.or_(
                    TermChangeRequest.status == TermChangeStatus.PENDING,
                    sa.and_(
                        TermChangeRequest.status == TermChangeStatus.AGREED,
                        TermChangeRequest.applied_at.is_(None),
                    ),
                ),
            )
        )
    )


def _refuse_while_open(posting: Posting) -> None:
    """One request at a time, and none once an early end is agreed."""
    for change in open_changes(posting):
        if change.is_pending:
            raise DomainError(
                [
                    (
                        None,
                        "pending_request",
                        _l(
                            "A change of this posting's term is already waiting for consent; "
                            "it must be answered or withdrawn first."
                        ),
                    )
                ]
            )
        raise DomainError(
            [
                (
                    None,
                    "end_scheduled",
                    _l(
                        "The posting is already agreed to end on %(date)s.",
                        date=change.new_end_date.isoformat(),
                    ),
                )
            ]
        )


# The rules a change is checked against, when asked and when agreed -----------------------


def _extension_reasons(posting: Posting, new_end: date | None) -> list:
    if new_end is None or new_end <= posting.planned_end_date:
        return [
            (
                "new_end_date",
                "not_later",
                _l(
                    "The new planned end must be after %(date)s.",
                    date=posting.planned_end_date.isoformat(),
                ),
            )
        ]
    term = _term(posting, planned_end_date=new_end)
    original_end = (
        posting.extensions[0].previous_planned_end_date
        if posting.extensions
        else posting.planned_end_date
    )
    reasons = rules.check_dates(term, end_field="new_end_date")
    reasons += rules.check_overlap(term, field="new_end_date")
    reasons += rules.check_extension(term, original_end)
    reasons += rules.check_extension_count(term, len(posting.extensions))
    reasons += rules.check_career_and_gap(term, field="new_end_date")
    return reasons


def _ending_reasons(posting: Posting, end_date: date | None) -> list:
    if end_date is None or end_date < posting.start_date:
        return [
            (
                "end_date",
                "before_start",
                _l(
                    "The end cannot be before the start %(date)s.",
                    date=posting.start_date.isoformat(),
                ),
            )
        ]
    if end_date >= posting.planned_end_date:
        return [
            (
                "end_date",
                "not_earlier",
                _l(
                    "An early end must be before the planned end %(date)s.",
                    date=posting.planned_end_date.isoformat(),
                ),
            )
        ]
    return []


def _check(change: TermChangeRequest) -> None:
    """Refuse unless the posting's state and the rules allow ``change`` now."""
    posting = change.posting
    if change.is_ending:
        _require_status(posting, "end_early")
        reasons = _ending_reasons(posting, change.new_end_date)
    else:
        _require_status(posting, "extend")
        reasons = _extension_reasons(posting, change.new_end_date)
    if reasons:
        raise DomainError(reasons)


# Asking --------------------------------------------------------------------------------


def _ask(posting: Posting, actor, change: TermChangeRequest) -> TermChangeRequest:
    """A side's request waits for the other side; the admin's is decided at once.

    ``change`` names its posting by id, so it joins the session only when complete."""
    _refuse_while_open(posting)
    side = TermChangeSide.ADMIN if policy.is_admin(actor) else policy.side_of(actor, posting)
    assert side is not None, "the policy let only a side or the admin ask"
    change.side = side
    change.previous_end_date = posting.planned_end_date
    change.requested_by_id = getattr(actor, "id", None)
    db.session.add(change)
    db.session.flush()
    if change.side == TermChangeSide.ADMIN:
        _decide(change, actor, change.reason)
        return change
    _record(
        f"request_{change.kind}",
        change,
        actor,
        {"new_end_date": [None, change.new_end_date], "reason": [None, change.reason]},
    )
    term_inbox.asked(change)
    return change


def extend_posting(
    posting: Posting, actor, new_end: date, reason: str, expected_version: int | None
) -> TermChangeRequest:
    """延期: either side asks for a later planned end with the reason (the host needs it, the
    home unit agrees, the cadre is willing); it takes effect when the other side consents.
    The admin extends directly."""
    posting = lock_posting(posting, expected_version)
    _refuse_unless(policy.can_request_term_change(actor, posting))
    _require_status(posting, "extend")
    reason = _require_reason(reason)
    reasons = _extension_reasons(posting, new_end)
    if reasons:
        raise DomainError(reasons)
    change = TermChangeRequest(
        posting_id=posting.id, kind=TermChangeKind.EXTENSION, new_end_date=new_end, reason=reason
    )
    return _ask(posting, actor, change)


def _ending_choices(kind: str, category: str | None) -> list:
    reasons = []
    if TermChangeKind.coerce(kind) not in ENDING_KINDS:
        reasons.append(("kind", "invalid_choice", _l("Choose an early end or a recall.")))
    if EndCategory.coerce(category) is None:
        reasons.append(("category", "invalid_choice", _l("Choose why the posting ends.")))
    return reasons


def end_posting_early(
    posting: Posting,
    actor,
    end_date: date,
    reason: str,
    expected_version: int | None,
    *,
    category: str | None,
    kind: str = TermChangeKind.EARLY_END,
) -> TermChangeRequest:
    """提前结束 / 召回: either side asks, with the last day in post (today, past or ahead)
    and why; it takes effect when the other side consents. The admin ends directly."""
    posting = lock_posting(posting, expected_version)
    _refuse_unless(policy.can_request_term_change(actor, posting))
    _require_status(posting, "end_early")
    reason = _require_reason(reason)
    reasons = _ending_choices(kind, category) + _ending_reasons(posting, end_date)
    if reasons:
        raise DomainError(reasons)
    change = TermChangeRequest(
        posting_id=posting.id, kind=kind, category=category, new_end_date=end_date, reason=reason
    )
    return _ask(posting, actor, change)


# Answering -----------------------------------------------------------------------------


def _require_pending(change: TermChangeRequest) -> None:
    if not change.is_pending:
        raise DomainError(
            [
                (
                    None,
                    "not_pending",
                    _l(
                        "This request is %(status)s already.",
                        status=TermChangeStatus(change.status).label,
                    ),
                )
            ]
        )


def _decide(change: TermChangeRequest, actor, note: str) -> None:
    """Agree ``change`` (checked again against the posting as it is now) and apply it if due."""
    lock_posting(change.posting, None)
    _check(change)
    change.status = TermChangeStatus.AGREED
    change.decided_by_id = getattr(actor, "id", None)
    change.decided_at = datetime.now(UTC)
    change.decision_reason = note
    db.session.flush()
    _record("agree_term_change", change, actor, {"status": ["pending", "agreed"]})
    if not change.is_ending or change.new_end_date <= clock_today():
        _apply(change, actor)
    term_inbox.answered("agree", change)


def agree_term_change(
    change: TermChangeRequest, actor, note: str, expected_version: int | None
) -> TermChangeRequest:
    """The other side consents; the admin may decide in its place, giving a reason."""
    change = _lock(change, expected_version)
    _require_pending(change)
    _refuse_unless(policy.can_consent_term_change(actor, change))
    note = (note or "").strip()
    if change.other_side != policy.side_of(actor, change.posting):
        note = _require_reason(note, "note")  # the admin, deciding for a side
    _decide(change, actor, note)
    return change


def decline_term_change(
    change: TermChangeRequest, actor, reason: str, expected_version: int | None
) -> TermChangeRequest:
    """The other side (or the admin) declines, with a reason; the posting stays as it is."""
    change = _lock(change, expected_version)
    _require_pending(change)
    _refuse_unless(policy.can_consent_term_change(actor, change))
    change.decision_reason = _require_reason(reason)
    change.status = TermChangeStatus.DECLINED
    change.decided_by_id = actor.id
    change.decided_at = datetime.now(UTC)
    db.session.flush()
    _record(
        "decline_term_change",
        change,
        actor,
        {"status": ["pending", "declined"], "decision_reason": [None, change.decision_reason]},
    )
    term_inbox.answered("decline", change)
    return change


def withdraw_term_change(
    change: TermChangeRequest, actor, expected_version: int | None
) -> TermChangeRequest:
    """The side that asked takes its request back."""
    change = _lock(change, expected_version)
    _require_pending(change)
    _refuse_unless(policy.can_withdraw_term_change(actor, change))
    change.status = TermChangeStatus.WITHDRAWN
    change.decided_by_id = actor.id
    change.decided_at = datetime.now(UTC)
    db.session.flush()
    _record("withdraw_term_change", change, actor, {"status": ["pending", "withdrawn"]})
    term_inbox.answered("withdraw", change)
    return change


# Applying ------------------------------------------------------------------------------


def _apply(change: TermChangeRequest, actor) -> None:
    """The agreed change reaches the posting (audit events ``posting.extend`` / ``end_early``)."""
    posting = change.posting
    change.applied_at = datetime.now(UTC)
    if change.is_ending:
        _move(posting, "end_early")
        posting.actual_end_date = change.new_end_date
        posting.end_reason = change.reason
        action = "end_early"
        changes = changes_of(posting)
    else:
        db.session.add(
            Extension(
                posting=posting,
                previous_planned_end_date=posting.planned_end_date,
                new_planned_end_date=change.new_end_date,
                reason=change.reason,
                created_by_id=change.requested_by_id,
            )
        )
        posting.planned_end_date = change.new_end_date
        action = "extend"
        changes = changes_of(posting)
        changes["extension_reason"] = [None, change.reason]
    db.session.flush()
    _audit(action, posting, actor, changes)


def end_due_postings(on_date: date) -> int:
    """The daily job's part: end the running postings whose agreed early end is ``on_date``
    or before. Returns how many it ended."""
    due = db.session.scalars(
        sa.select(TermChangeRequest)
        .join(Posting)
        .where(
            TermChangeRequest.status == TermChangeStatus.AGREED,
            TermChangeRequest.applied_at.is_(None),
            TermChangeRequest.kind.in_(ENDING_KINDS),
            TermChangeRequest.new_end_date <= on_date,
            Posting.status == PostingStatus.ACTIVE,
        )
        .order_by(TermChangeRequest.id)
    ).all()
    for change in due:
        lock_posting(change.posting, None)
        _apply(change, None)
    return len(due)
