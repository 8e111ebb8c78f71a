"""Each SQL scope of daily management selects exactly what its predicate allows, for every
user of the world and every record (DOMAIN.md's rows for leave, attendance and talks)."""

from datetime import date

import sqlalchemy as sa

from exchange import policy
from exchange.attendance.models import AttendanceSheet
from exchange.attendance.services import SheetData, create_sheet
from exchange.extensions import db
from exchange.leave.models import Leave, LeaveApproval
from exchange.leave.services import LeaveRequest, decide_leave, request_leave
from exchange.postings.models import Posting
from exchange.talks.models import Talk
from exchange.talks.services import TalkData, record_talk


def records(world, user):
    zx, dz = db.session.get(Posting, world.p_zx), db.session.get(Posting, world.p_dz)
    short = request_leave(
        zx, user("zx"), LeaveRequest("personal", date(2026, 9, 7), date(2026, 9, 8), "x")
    )
    long = request_leave(
        zx, user("zx"), LeaveRequest("annual", date(2026, 11, 2), date(2026, 11, 13), "x")
    )
    decide_leave(long, user("hr_tf"), True, "", long.version)
    decide_leave(long, user("hr_lj"), True, "", long.version)  # now the 组织部's step
    other = request_leave(
        dz, user("dz"), LeaveRequest("sick", date(2026, 9, 7), date(2026, 9, 11), "x")
    )
    create_sheet(zx, user("hr_tf"), SheetData(date(2026, 6, 1), 21, 0, 0, 0), submit=True)
    create_sheet(zx, user("hr_tf"), SheetData(date(2026, 7, 1), 20, 0, 0, 0))
    create_sheet(dz, user("hr_lj"), SheetData(date(2026, 6, 1), 21, 0, 0, 0), submit=True)
    record_talk(zx, user("hr_lj"), TalkData(date(2026, 8, 1), "phone", "x"))
    record_talk(dz, user("hr_cd"), TalkData(date(2026, 8, 1), "phone", "x"))
    return short, long, other


def ids(stmt) -> set[int]:
    return set(db.session.scalars(stmt))


def test_scopes_agree_with_predicates(world, user, everyone):
    records(world, user)
    leaves = db.session.scalars(sa.select(Leave)).all()
    sheets = db.session.scalars(sa.select(AttendanceSheet)).all()
    talks = db.session.scalars(sa.select(Talk)).all()
    for key, u in everyone.items():
        joined = sa.select(Leave.id).join(Posting, Leave.posting_id == Posting.id)
        assert ids(joined.where(policy.leave_scope(u, Leave, Posting))) == {
            x.id for x in leaves if policy.can_view_leave(u, x)
        }, key
        first = sa.orm.aliased(LeaveApproval)
        awaiting = (
            sa.select(Leave.id)
            .join(LeaveApproval, LeaveApproval.leave_id == Leave.id)
            .join(Posting, Leave.posting_id == Posting.id)
            .where(
                Leave.status == "pending",
                LeaveApproval.step
                == sa.select(sa.func.min(first.step))
                .where(first.leave_id == Leave.id, first.decision == "pending")
                .scalar_subquery(),
                policy.leave_awaiting_scope(u, LeaveApproval, Posting),
            )
        )
        assert ids(awaiting) == {x.id for x in leaves if policy.can_decide_leave(u, x)}, key
        joined = sa.select(AttendanceSheet.id).join(
            Posting, AttendanceSheet.posting_id == Posting.id
        )
        assert ids(joined.where(policy.attendance_scope(u, AttendanceSheet, Posting))) == {
            s.id for s in sheets if policy.can_view_attendance(u, s)
        }, key
        joined = sa.select(Talk.id).join(Posting, Talk.posting_id == Posting.id)
        assert ids(joined.where(policy.talk_scope(u, Talk, Posting))) == {
            t.id for t in talks if policy.can_view_talk(u, t)
        }, key


def test_who_decides_each_step(world, user, everyone):
    short, long, other = records(world, user)
    deciders = {
        leave.id: {k for k, u in everyone.items() if policy.can_decide_leave(u, leave)}
        for leave in (short, long, other)
    }
    assert deciders == {short.id: {"hr_tf"}, long.id: {"admin"}, other.id: {"hr_lj"}}
