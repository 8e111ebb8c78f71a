"""Leave: each tier walked to approval and to refusal, the right approver at each step and
nobody else; the bad inputs of the issue refused by code; concurrent decisions."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from exchange import policy
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.leave.models import Leave, LeaveStatus, LeaveTier
from exchange.leave.services import (
    LeaveRequest,
    days_of,
    decide_leave,
    is_late,
    report_back,
    request_leave,
    withdraw_leave,
)

APPROVERS = {"host": "hr_tf", "home": "hr_lj", "coordinator": "admin"}


def ask(posting, actor, start, end, **kw) -> Leave:
    data = LeaveRequest(kw.pop("kind", "personal"), start, end, kw.pop("reason", "家事。"), **kw)
    return request_leave(posting, actor, data)


def approve(leave, actor, reason=""):
    return decide_leave(leave, actor, True, reason, leave.version)


def deciders(leave, everyone) -> set[str]:
    return {key for key, u in everyone.items() if policy.can_decide_leave(u, leave)}


TIERS = [
    # first day, last day, working days, chain
    (date(2026, 9, 7), date(2026, 9, 9), Decimal(3), ["host"]),
    (date(2026, 9, 14), date(2026, 9, 18), Decimal(5), ["host", "home"]),
    (date(2026, 11, 2), date(2026, 11, 13), Decimal(10), ["host", "home", "coordinator"]),
]


@pytest.mark.parametrize(("start", "end", "days", "chain"), TIERS)
def test_each_tier_is_walked_to_approval_by_the_right_approver_only(
    posting_zx, user, everyone, start, end, days, chain
):
    leave = ask(posting_zx, user("zx"), start, end)
    assert days_of(leave) == days
    assert [a.side for a in leave.approvals] == chain
    for step, side in enumerate(chain, 1):
        assert leave.status == LeaveStatus.PENDING
        assert leave.current_step.step == step
        assert deciders(leave, everyone) == {APPROVERS[side]}
        for other in set(everyone) - {APPROVERS[side]}:
            with pytest.raises(DomainError) as caught:
                decide_leave(leave, everyone[other], True, "", leave.version)
            assert isinstance(caught.value, NotAllowed), other
        leave = approve(leave, user(APPROVERS[side]))
    assert leave.status == LeaveStatus.APPROVED
    assert deciders(leave, everyone) == set()


@pytest.mark.parametrize(("start", "end", "days", "chain"), TIERS)
def test_each_tier_is_walked_to_refusal_at_its_last_step(posting_zx, user, start, end, days, chain):
    leave = ask(posting_zx, user("zx"), start, end)
    for side in chain[:-1]:
        leave = approve(leave, user(APPROVERS[side]))
    last = user(APPROVERS[chain[-1]])
    with pytest.raises(DomainError) as caught:
        decide_leave(leave, last, False, " ", leave.version)
    assert caught.value.codes == ["required"]
    leave = decide_leave(leave, last, False, "工作安排冲突。", leave.version)
    assert leave.status == LeaveStatus.DECLINED
    assert leave.approvals[-1].reason == "工作安排冲突。"


def test_a_refusal_at_the_first_step_skips_the_rest(posting_zx, user):
    leave = ask(posting_zx, user("zx"), date(2026, 11, 2), date(2026, 11, 13))
    leave = decide_leave(leave, user("hr_tf"), False, "不同意。", leave.version)
    assert [a.decision for a in leave.approvals] == ["declined", "skipped", "skipped"]


def test_the_programmes_own_tiers_decide_the_chain(posting_zx, user):
    db.session.add(
        LeaveTier(
            programme_id=posting_zx.programme_id,
            up_to_days=Decimal(1),
            first_approver="home",
            source="本批次：1天以内派出地审批。",
        )
    )
    db.session.add(
        LeaveTier(
            programme_id=posting_zx.programme_id,
            up_to_days=None,
            first_approver="coordinator",
            source="其余报牵头组织部。",
        )
    )
    db.session.flush()
    one = ask(posting_zx, user("zx"), date(2026, 9, 7), date(2026, 9, 7))
    two = ask(posting_zx, user("zx"), date(2026, 9, 8), date(2026, 9, 9))
    assert [a.side for a in one.approvals] == ["home"]
    assert one.rule_source == "本批次：1天以内派出地审批。"
    assert [a.side for a in two.approvals] == ["coordinator"]


def test_length_counts_working_days_across_national_day(posting_zx, user):
    # 28 September – 9 October is 12 calendar days but 5 working days: the middle tier.
    leave = ask(posting_zx, user("zx"), date(2026, 9, 28), date(2026, 10, 9))
    assert days_of(leave) == 5
    assert [a.side for a in leave.approvals] == ["host", "home"]


def test_half_days(posting_zx, user):
    leave = ask(posting_zx, user("zx"), date(2026, 9, 7), date(2026, 9, 10), start_half=True)
    assert days_of(leave) == Decimal("3.5")
    assert [a.side for a in leave.approvals] == ["host", "home"]
    # The morning of the 7th is still free; a half day beside it fits.
    ask(posting_zx, user("zx"), date(2026, 9, 7), date(2026, 9, 7), end_half=True)


@pytest.mark.parametrize(
    ("start", "end", "kw", "field", "code"),
    [
        (date(2026, 5, 25), date(2026, 6, 2), {}, "start_date", "outside_posting"),
        (date(2026, 12, 30), date(2027, 1, 4), {}, "end_date", "outside_posting"),
        (date(2026, 9, 10), date(2026, 9, 8), {}, "end_date", "end_before_start"),
        (date(2026, 9, 8), date(2026, 9, 8), {"start_half": True, "end_half": True}, "end_half", "empty_leave"),
        (date(2026, 10, 3), date(2026, 10, 5), {}, "end_date", "no_working_days"),
        (date(2026, 9, 8), date(2026, 9, 9), {"reason": ""}, "reason", "required"),
        (date(2026, 9, 8), date(2026, 9, 9), {"kind": "holiday"}, "kind", "invalid_choice"),
        (date(2026, 9, 15), date(2026, 9, 16), {}, "start_date", "overlaps"),
    ],
)  # fmt: skip
def test_bad_leave_is_refused_next_to_its_field(posting_zx, user, start, end, kw, field, code):
    ask(posting_zx, user("zx"), date(2026, 9, 14), date(2026, 9, 18))
    count = db.session.scalar(sa.select(sa.func.count(Leave.id)))
    with pytest.raises(DomainError) as caught:
        ask(posting_zx, user("zx"), start, end, **kw)
    assert (field, code) in [(r.field, r.code) for r in caught.value.reasons]
    assert db.session.scalar(sa.select(sa.func.count(Leave.id))) == count


def test_a_declined_or_withdrawn_leave_frees_its_days(posting_zx, user):
    first = ask(posting_zx, user("zx"), date(2026, 9, 14), date(2026, 9, 15))
    withdraw_leave(first, user("zx"), first.version)
    second = ask(posting_zx, user("zx"), date(2026, 9, 14), date(2026, 9, 15))
    decide_leave(second, user("hr_tf"), False, "另行安排。", second.version)
    ask(posting_zx, user("zx"), date(2026, 9, 14), date(2026, 9, 15))


def test_only_the_official_asks_for_leave(posting_zx, user):
    for key in ("hr_tf", "hr_lj", "admin", "dz"):
        with pytest.raises(NotAllowed):
            ask(posting_zx, user(key), date(2026, 9, 7), date(2026, 9, 8))


def test_two_approvers_at_once_one_wins_the_other_is_told(posting_zx, user):
    leave = ask(posting_zx, user("zx"), date(2026, 9, 7), date(2026, 9, 8))
    opened = leave.version  # both host HR officers opened the page at this version
    decide_leave(leave, user("hr_tf"), True, "", opened)
    with pytest.raises(ConflictError) as caught:
        decide_leave(leave, user("hr_tf"), False, "不同意。", opened)
    assert caught.value.codes == ["stale"]
    assert leave.status == LeaveStatus.APPROVED


def test_reporting_back_on_time_late_and_refused(app, posting_zx, user):
    leave = ask(posting_zx, user("zx"), date(2026, 8, 24), date(2026, 8, 28))  # Mon–Fri
    leave = approve(leave, user("hr_tf"))
    leave = approve(leave, user("hr_lj"))
    assert is_late(leave)  # due back Monday 31 August; today is 1 September
    for day, code in ((date(2026, 8, 20), "before_start"), (date(2026, 9, 2), "future_date")):
        with pytest.raises(DomainError) as caught:
            report_back(leave, user("zx"), day, leave.version)
        assert caught.value.codes == [code]
    with pytest.raises(NotAllowed):
        report_back(leave, user("hr_tf"), date(2026, 8, 31), leave.version)
    leave = report_back(leave, user("zx"), date(2026, 8, 31), leave.version)
    assert leave.status == LeaveStatus.RETURNED and not is_late(leave)
    other = ask(posting_zx, user("zx"), date(2026, 8, 17), date(2026, 8, 18))
    other = approve(other, user("hr_tf"))
    other = report_back(other, user("zx"), date(2026, 8, 20), other.version)
    assert is_late(other)  # due back on the 19th
