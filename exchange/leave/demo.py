"""Demo leave: the programmes' tiers (with their source) and leave in every state for the
two officials of the current round. Idempotent: find before create."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from exchange import clock
from exchange.auth.models import User
from exchange.clock import TZ
from exchange.extensions import db
from exchange.leave.models import Decision, Leave, LeaveApproval, LeaveStatus, LeaveTier
from exchange.postings.demo import active_posting_of
from exchange.postings.models import Posting
from exchange.programmes.models import Programme

TIER_SOURCE = (
    "区委组织部《关于加强挂职干部管理的通知》：挂职干部请假3天以内的，由接收单位审批；"
    "3天以上7天以内的，报区委组织部审批；7天以上的，报市委组织部审批；"
    "均须填写《挂职干部请销假审批单》。（本批次协议约定：3天以内接收地组织人事部门审批，"
    "3至7天再经派出地组织人事部门审批，7天以上再报牵头组织部审批。）"
)
TIERS = [
    (Decimal(3), ("host", None, None)),
    (Decimal(7), ("host", "home", None)),
    (None, ("host", "home", "coordinator")),
]

# cadre, kind, start, start_half, end, end_half, reason, status, decisions, returned
LEAVES = [
    ("李晓雯", "personal", date(2026, 7, 9), False, date(2026, 7, 10), False,
     "处理家中房屋交接事宜。", LeaveStatus.RETURNED, ["approved"], date(2026, 7, 13)),
    ("李晓雯", "annual", date(2026, 8, 20), False, date(2026, 8, 21), False,
     "休年休假。", LeaveStatus.DECLINED, ["declined:正值总部企业集中签约，请调整时间。"], None),
    ("李晓雯", "family_visit", date(2026, 10, 12), False, date(2026, 10, 16), False,
     "回重庆探望父母。", LeaveStatus.RETURNED, ["approved", "approved"], date(2026, 10, 20)),
    ("李晓雯", "sick", date(2026, 11, 3), True, date(2026, 11, 3), False,
     "门诊复查。", LeaveStatus.WITHDRAWN, [], None),
    ("李晓雯", "personal", date(2026, 12, 7), False, date(2026, 12, 11), False,
     "子女升学相关事宜。", LeaveStatus.PENDING, ["approved"], None),
    ("王建国", "personal", date(2026, 11, 16), False, date(2026, 11, 17), False,
     "办理个人证件。", LeaveStatus.APPROVED, ["approved"], None),
    ("王建国", "personal", date(2026, 12, 21), False, date(2026, 12, 22), True,
     "参加亲属婚礼筹备。", LeaveStatus.PENDING, [], None),
    ("王建国", "family_visit", date(2027, 1, 4), False, date(2027, 1, 15), False,
     "春节前回成都探亲。", LeaveStatus.PENDING, [], None),
]  # fmt: skip


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def seed_tiers(created: dict) -> None:
    for programme in db.session.scalars(sa.select(Programme)):
        exists = db.session.scalar(
            sa.select(LeaveTier.id).where(LeaveTier.programme_id == programme.id)
        )
        if exists:
            continue
        for limit, (first, second, third) in TIERS:
            db.session.add(
                LeaveTier(
                    programme=programme,
                    up_to_days=limit,
                    first_approver=first,
                    second_approver=second,
                    third_approver=third,
                    source=TIER_SOURCE,
                )
            )
    db.session.flush()


def _approver(posting: Posting, side: str) -> User | None:
    if side == "coordinator":
        return db.session.scalar(sa.select(User).where(User.username == "admin"))
    district = posting.host_district_id if side == "host" else posting.home_district_id
    return db.session.scalar(
        sa.select(User).where(User.role == "hr", User.district_id == district).order_by(User.id)
    )


def seed(created: dict, password: str | None = None) -> None:
    from exchange.leave.rules import chain_for
    from exchange.workdays.days import calendar_for, leave_days

    seed_tiers(created)
    created.setdefault("leave", 0)
    today = clock.today()
    for name, kind, start, start_half, end, end_half, reason, status, decisions, back in LEAVES:
        posting = active_posting_of(name)
        if posting is None or not posting.start_date <= start <= end <= posting.end_date:
            continue
        exists = db.session.scalar(
            sa.select(Leave.id).where(Leave.posting_id == posting.id, Leave.start_date == start)
        )
        if exists:
            continue
        days = leave_days(calendar_for(start, end, 0), start, end, start_half, end_half)
        chain = chain_for(posting.programme_id, days)
        official = db.session.scalar(sa.select(User).where(User.cadre_id == posting.cadre_id))
        leave = Leave(
            posting=posting,
            kind=kind,
            start_date=start,
            start_half=start_half,
            end_date=end,
            end_half=end_half,
            reason=reason,
            status=status,
            rule_source=chain.source,
            returned_date=back,
            reported_back_at=_at(back, 9) if back else None,
            requested_by=official,
            created_at=_at(min(start - timedelta(days=14), today), 9),
        )
        for step, side in enumerate(chain.approvers, 1):
            approval = LeaveApproval(step=step, side=side, decision=Decision.PENDING)
            if step <= len(decisions):
                decision, _, why = decisions[step - 1].partition(":")
                approval.decision = decision
                approval.reason = why or "同意。"
                approval.decided_by = _approver(posting, side)
                approval.decided_at = _at(min(start - timedelta(days=12 - step), today), 15)
            elif status in (LeaveStatus.DECLINED, LeaveStatus.WITHDRAWN):
                approval.decision = Decision.SKIPPED
            leave.approvals.append(approval)
        db.session.add(leave)
        created["leave"] += 1
    db.session.flush()
