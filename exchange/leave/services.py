"""The rules of leave: asking, approving step by step, withdrawing, reporting back (销假).

Each function checks the actor against ``exchange.policy`` (``NotAllowed``), the rules
(``DomainError`` with a code per reason) and the version the user saw (``ConflictError``),
flushes and records the audit event; it never commits. Messages to the people concerned
are written here too, in the same transaction.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from exchange import clock, policy
from exchange.audit.services import changes_of, record
from exchange.db import utcnow
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.leave.models import (
    HOLDING_LEAVE,
    Decision,
    Leave,
    LeaveApproval,
    LeaveKind,
    LeaveStatus,
)
from exchange.leave.rules import chain_for
from exchange.notifications import handover
from exchange.postings.models import Posting
from exchange.workdays.days import calendar_for, leave_days

REASON_MAX = 2000
CHANGED = _l(
    "This leave changed since you opened it (someone else decided first). Reload the page."
)


@dataclass(frozen=True)
class LeaveRequest:
    kind: str
    start_date: date | None
    end_date: date | None
    reason: str
    start_half: bool = False
    end_half: bool = False


def _districts(posting: Posting) -> tuple:
    return (posting.home_district_id, posting.host_district_id)


def _fmt(day: date) -> str:
    return format_date(day, "long")


def _text_reasons(data: LeaveRequest) -> list:
    reasons = []
    if LeaveKind.coerce(data.kind) is None:
        reasons.append(("kind", "invalid_choice", _l("Choose the kind of leave.")))
    reason = (data.reason or "").strip()
    if not reason:
        reasons.append(("reason", "required", _l("Give the reason for the leave.")))
    elif len(reason) > REASON_MAX:
        reasons.append(("reason", "too_long", _l("At most %(n)d characters.", n=REASON_MAX)))
    return reasons


def _date_reasons(posting: Posting, start: date, end: date, data: LeaveRequest) -> list:
    reasons = []
    if end < start:
        reasons.append(("end_date", "end_before_start", _l("The leave ends before it starts.")))
    elif start == end and data.start_half and data.end_half:
        message = _l("A one-day leave cannot both start and end at noon; choose one half.")
        reasons.append(("end_half", "empty_leave", message))
    outside = _l(
        "The leave must lie inside the posting, which runs from %(start)s to %(end)s.",
        start=_fmt(posting.start_date),
        end=_fmt(posting.end_date),
    )
    for field, day in (("start_date", start), ("end_date", end)):
        if not posting.start_date <= day <= posting.end_date:
            reasons.append((field, "outside_posting", outside))
    return reasons


def _validate(posting: Posting, data: LeaveRequest) -> list:
    reasons = _text_reasons(data)
    if data.start_date is None:
        reasons.append(("start_date", "required", _l("Give the first day of the leave.")))
    if data.end_date is None:
        reasons.append(("end_date", "required", _l("Give the last day of the leave.")))
    if data.start_date is not None and data.end_date is not None:
        reasons += _date_reasons(posting, data.start_date, data.end_date, data)
    return reasons


def _overlapping(posting: Posting, candidate: Leave) -> Leave | None:
    first, last = candidate.half_days()
    for other in db.session.scalars(
        sa.select(Leave).where(
            Leave.posting_id == posting.id,
            Leave.status.in_(HOLDING_LEAVE),
            Leave.start_date <= candidate.end_date,
            Leave.end_date >= candidate.start_date,
        )
    ):
        if other is candidate:
            continue
        other_first, other_last = other.half_days()
        if first <= other_last and other_first <= last:
            return other
    return None


def days_of(leave: Leave):
    """Working days of ``leave`` (weekends, holidays and working weekends counted right)."""
    calendar = calendar_for(leave.start_date, leave.end_date, margin=0)
    return leave_days(calendar, leave.start_date, leave.end_date, leave.start_half, leave.end_half)


def request_leave(posting: Posting, actor, data: LeaveRequest) -> Leave:
    """The official asks for leave; the first approver of the tier its length falls in is asked."""
    # One request per posting at a time: the overlap check then sees the other's row.
    locked = db.session.scalar(
        sa.select(Posting)
        .where(Posting.id == posting.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    posting = locked or posting
    if not policy.can_request_leave(actor, posting):
        raise NotAllowed(_l("Only the official asks for leave, on a running posting."))
    reasons = _validate(posting, data)
    if reasons:
        raise DomainError(reasons)
    leave = Leave(
        posting=posting,
        kind=data.kind,
        start_date=data.start_date,
        start_half=bool(data.start_half),
        end_date=data.end_date,
        end_half=bool(data.end_half),
        reason=data.reason.strip(),
        status=LeaveStatus.PENDING,
        requested_by_id=actor.id,
    )
    other = _overlapping(posting, leave)
    if other is not None:
        raise DomainError(
            [
                (
                    "start_date",
                    "overlaps",
                    _l(
                        "This leave overlaps another one, from %(start)s to %(end)s.",
                        start=_fmt(other.start_date),
                        end=_fmt(other.end_date),
                    ),
                )
            ]
        )
    days = days_of(leave)
    if days <= 0:
        raise DomainError(
            [("end_date", "no_working_days", _l("These days are all weekends or holidays."))]
        )
    chain = chain_for(posting.programme_id, days)
    leave.rule_source = chain.source
    for step, side in enumerate(chain.approvers, 1):
        leave.approvals.append(LeaveApproval(step=step, side=side))
    db.session.add(leave)
    changes = changes_of(leave)
    changes["working_days"] = [None, str(days)]
    changes["approvers"] = [None, ",".join(chain.approvers)]
    db.session.flush()
    record("leave.request", leave, actor=actor, changes=changes, districts=_districts(posting))
    return leave


def lock_leave(leave: Leave, expected_version: int | None) -> Leave:
    """Lock the leave's row and refuse when it changed since the form was opened."""
    locked = db.session.scalar(
        sa.select(Leave)
        .where(Leave.id == leave.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if locked is None or expected_version is None or locked.version != expected_version:
        raise ConflictError([("version", "stale", CHANGED)])
    return locked


def _touch(leave: Leave) -> None:
    """Bump the version even when only an approval row changed."""
    leave.updated_at = utcnow()


def _decision_reason(approve: bool, reason: str) -> str:
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DomainError([("reason", "required", _l("Say why the leave is not approved."))])
    if len(reason) > REASON_MAX:
        raise DomainError([("reason", "too_long", _l("At most %(n)d characters.", n=REASON_MAX))])
    return reason


def _tell_outcome(leave: Leave, reason: str) -> None:
    """The official hears when the chain ends: approved, or not with the reason."""
    dates = {"start": _fmt(leave.start_date), "end": _fmt(leave.end_date)}
    if leave.status == LeaveStatus.APPROVED:
        key = f"leave.approved:{leave.id}"
        text = _l("Your leave from %(start)s to %(end)s was approved.", **dates)
    elif leave.status == LeaveStatus.DECLINED:
        key = f"leave.declined:{leave.id}"
        text = _l(
            "Your leave from %(start)s to %(end)s was not approved: %(reason)s",
            reason=reason,
            **dates,
        )
    else:
        return
    handover.notify_official(leave.posting, key, text, ("leave.detail", {"leave_id": leave.id}))


def decide_leave(
    leave: Leave, actor, approve: bool, reason: str, expected_version: int | None
) -> Leave:
    """The current step's approver approves (the next one is asked) or declines with a reason."""
    leave = lock_leave(leave, expected_version)
    step = leave.current_step
    if step is None:  # no longer pending
        raise DomainError(
            [(None, "not_pending", _l("This leave is no longer waiting for approval."))]
        )
    if not policy.can_decide_leave(actor, leave):
        raise NotAllowed(_l("This step of the approval is not yours."))
    reason = _decision_reason(approve, reason)
    step.decision = Decision.APPROVED if approve else Decision.DECLINED
    step.reason = reason
    step.decided_by_id = actor.id
    step.decided_at = utcnow()
    if not approve:
        leave.status = LeaveStatus.DECLINED
        _skip_the_rest(leave)
    elif leave.current_step is None:
        leave.status = LeaveStatus.APPROVED
    _touch(leave)
    changes = changes_of(leave) | {f"step_{step.step}": [Decision.PENDING.value, step.decision]}
    db.session.flush()
    record(
        "leave.approve" if approve else "leave.decline",
        leave,
        actor=actor,
        changes=changes,
        summary=f"{leave} · {step.side}",
        districts=_districts(leave.posting),
    )
    _tell_outcome(leave, reason)
    return leave


def _skip_the_rest(leave: Leave) -> None:
    for step in leave.approvals:
        if step.decision == Decision.PENDING:
            step.decision = Decision.SKIPPED


def withdraw_leave(leave: Leave, actor, expected_version: int | None) -> Leave:
    leave = lock_leave(leave, expected_version)
    if not policy.can_withdraw_leave(actor, leave):
        raise NotAllowed(_l("Only the official withdraws a leave that still waits for approval."))
    leave.status = LeaveStatus.WITHDRAWN
    _skip_the_rest(leave)
    changes = changes_of(leave)
    db.session.flush()
    record(
        "leave.withdraw", leave, actor=actor, changes=changes, districts=_districts(leave.posting)
    )
    return leave


def report_back(
    leave: Leave, actor, returned_date: date | None, expected_version: int | None
) -> Leave:
    """销假: the official gives the day they were back at work; a late return is flagged."""
    leave = lock_leave(leave, expected_version)
    if not policy.can_report_back(actor, leave):
        raise NotAllowed(_l("Only the official reports back, on an approved leave."))
    if returned_date is None:
        raise DomainError(
            [("returned_date", "required", _l("Give the day you were back at work."))]
        )
    if returned_date < leave.start_date:
        raise DomainError(
            [("returned_date", "before_start", _l("The return date is before the leave starts."))]
        )
    if returned_date > clock.today():
        raise DomainError(
            [("returned_date", "future_date", _l("Report back on or after the day you return."))]
        )
    leave.returned_date = returned_date
    leave.reported_back_at = utcnow()
    leave.status = LeaveStatus.RETURNED
    changes = changes_of(leave)
    db.session.flush()
    late = is_late(leave)
    record(
        "leave.report_back",
        leave,
        actor=actor,
        changes=changes | ({"late": [None, True]} if late else {}),
        districts=_districts(leave.posting),
    )
    text = (
        _l(
            "%(name)s reported back late from leave, on %(day)s.",
            name=leave.posting.cadre.name,
            day=_fmt(returned_date),
        )
        if late
        else _l(
            "%(name)s reported back from leave on %(day)s.",
            name=leave.posting.cadre.name,
            day=_fmt(returned_date),
        )
    )
    handover.notify_hr(
        leave.posting, f"leave.returned:{leave.id}", text, ("leave.detail", {"leave_id": leave.id})
    )
    return leave


def expected_return(leave: Leave) -> date:
    """The day the official is due back: the leave's last day when it ends at noon, else
    the next working day after it."""
    if leave.end_half:
        return leave.end_date
    return calendar_for(leave.end_date, leave.end_date).next_working_day(leave.end_date)


def is_late(leave: Leave) -> bool:
    """Reported back after the day due; or, not yet reported back and that day has passed."""
    due = expected_return(leave)
    if leave.returned_date is not None:
        return leave.returned_date > due
    return leave.status == LeaveStatus.APPROVED and clock.today() > due
