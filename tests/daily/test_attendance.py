"""Attendance sheets: due, late, submitted late; the presence ratio against the minimum;
one sheet per month, days that fit it; host writes, home reads once submitted."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
import sqlalchemy as sa

from exchange import policy
from exchange.attendance.models import AttendanceRule, AttendanceSheet
from exchange.attendance.schedule import (
    DUE,
    LATE,
    OPEN,
    SUBMITTED,
    SUBMITTED_LATE,
    leave_days_in,
    overview_of,
)
from exchange.attendance.services import SheetData, create_sheet, update_sheet
from exchange.clock import TZ
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.leave.services import LeaveRequest, decide_leave, request_leave


def sheet_data(month, on_site, leave=0, travel=0, absent=0):
    return SheetData(month, Decimal(on_site), Decimal(leave), Decimal(travel), Decimal(absent))


def submitted_on(sheet, day: date):
    sheet.submitted_at = datetime.combine(day, time(10), tzinfo=TZ)
    db.session.flush()


def test_months_fall_due_go_late_and_are_submitted(posting_zx, user):
    # Today is 1 September 2026; the posting began on 1 June; sheets due on the 5th.
    states = {m.month: m.state for m in overview_of(posting_zx).months}
    assert states == {
        date(2026, 6, 1): LATE,
        date(2026, 7, 1): LATE,
        date(2026, 8, 1): DUE,
        date(2026, 9, 1): OPEN,
    }
    june = create_sheet(posting_zx, user("hr_tf"), sheet_data(date(2026, 6, 1), 20), submit=True)
    submitted_on(june, date(2026, 7, 3))
    july = create_sheet(posting_zx, user("hr_tf"), sheet_data(date(2026, 7, 1), 23), submit=True)
    submitted_on(july, date(2026, 8, 9))
    states = {m.month: m.state for m in overview_of(posting_zx).months}
    assert states[date(2026, 6, 1)] == SUBMITTED
    assert states[date(2026, 7, 1)] == SUBMITTED_LATE
    assert states[date(2026, 8, 1)] == DUE


def test_the_presence_ratio_and_the_programmes_minimum(posting_zx, user):
    db.session.add(
        AttendanceRule(
            programme_id=posting_zx.programme_id,
            due_day=5,
            min_presence_percent=90,
            presence_source="万名干部下基层：不少于90%。",
        )
    )
    db.session.flush()
    # June 2026: 21 working days (19 June, Dragon Boat, is off); July: 23.
    create_sheet(posting_zx, user("hr_tf"), sheet_data(date(2026, 6, 1), 19, travel=2), True)
    overview = overview_of(posting_zx)
    assert (overview.present_days, overview.working_days) == (Decimal(21), 21)
    assert overview.ratio == 100 and not overview.below_minimum
    create_sheet(
        posting_zx, user("hr_tf"), sheet_data(date(2026, 7, 1), 17, leave=3, absent=3), True
    )
    overview = overview_of(posting_zx)
    assert (overview.present_days, overview.working_days) == (Decimal(38), 44)
    assert overview.ratio == Decimal("86.4") and overview.below_minimum


def test_a_draft_does_not_count_until_submitted(posting_zx, user):
    sheet = create_sheet(posting_zx, user("hr_tf"), sheet_data(date(2026, 6, 1), 5))
    assert overview_of(posting_zx).ratio is None
    assert not policy.can_view_attendance(user("hr_lj"), sheet)  # home side: not yet
    update_sheet(sheet, user("hr_tf"), sheet_data(date(2026, 6, 1), 21), sheet.version, True)
    assert overview_of(posting_zx).ratio == 100
    assert policy.can_view_attendance(user("hr_lj"), sheet)
    assert policy.can_view_attendance(user("zx"), sheet)
    assert not policy.can_view_attendance(user("hr_cd"), sheet)
    with pytest.raises(NotAllowed):  # submitted: final
        update_sheet(sheet, user("hr_tf"), sheet_data(date(2026, 6, 1), 20), sheet.version)


def test_leave_fills_in_the_days_on_leave(posting_zx, user):
    leave = request_leave(
        posting_zx,
        user("zx"),
        LeaveRequest("personal", date(2026, 6, 29), date(2026, 7, 2), "家事。"),
    )
    decide_leave(leave, user("hr_tf"), True, "", leave.version)
    decide_leave(leave, user("hr_lj"), True, "", leave.version)
    assert leave_days_in(posting_zx, date(2026, 6, 1), date(2026, 6, 30)) == 2
    assert leave_days_in(posting_zx, date(2026, 7, 1), date(2026, 7, 31)) == 2


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        (sheet_data(date(2026, 6, 1), 25, leave=5, travel=1), "days_on_site", "exceeds_month"),
        (sheet_data(date(2026, 5, 1), 10), "month", "outside_posting"),
        (sheet_data(date(2026, 10, 1), 10), "month", "future_month"),
        (sheet_data(date(2026, 7, 1), 10), "month", "duplicate_month"),
        (sheet_data(date(2026, 6, 1), -1), "days_on_site", "invalid_days"),
        (sheet_data(date(2026, 6, 1), Decimal("2.3")), "days_on_site", "invalid_days"),
    ],
)
def test_bad_sheets_are_refused_next_to_their_field(posting_zx, user, data, field, code):
    create_sheet(posting_zx, user("hr_tf"), sheet_data(date(2026, 7, 1), 20))
    before = db.session.scalar(sa.select(sa.func.count(AttendanceSheet.id)))
    with pytest.raises(DomainError) as caught:
        create_sheet(posting_zx, user("hr_tf"), data)
    assert (field, code) in [(r.field, r.code) for r in caught.value.reasons]
    assert db.session.scalar(sa.select(sa.func.count(AttendanceSheet.id))) == before


def test_only_the_host_side_writes_sheets(posting_zx, user):
    for key in ("hr_lj", "hr_cd", "leader", "zx"):
        with pytest.raises(NotAllowed):
            create_sheet(posting_zx, user(key), sheet_data(date(2026, 6, 1), 20))
    create_sheet(posting_zx, user("admin"), sheet_data(date(2026, 6, 1), 20))


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_the_oldest_sheets_due_include_a_later_postings_older_months(
    posting_zx, user, world, monkeypatch, batch
):
    """A posting that started later may owe a sheet due as early as an earlier one's:
    the oldest sheets due (home page, inbox, attendance page) are the whole list's first,
    however many are asked for, ties on the last day included."""
    from exchange.attendance import schedule
    from exchange.attendance.queries import writable_postings
    from exchange.cadres.models import Cadre
    from exchange.org.models import Department
    from exchange.programmes.models import Programme
    from tests import factories as f

    monkeypatch.setattr(schedule, "OLDEST_BATCH", batch)
    # 张想 since 1 June (sheets due 5 July, 5 August, 5 September); 李晓雯 since 20 June.
    other = db.session.get(Cadre, world.cadre_other)
    f.create_posting(
        other,
        db.session.get(Department, world.tf_hq),
        db.session.get(Programme, world.programme),
        start_date=date(2026, 6, 20),
    )
    stmt = writable_postings(user("hr_tf"))
    whole = [(m.due_date, m.posting.id, m.month) for m in schedule.outstanding(stmt)]
    assert len(whole) == 6 and whole[1][0] == date(2026, 7, 5)
    for shown in range(1, 7):
        oldest = [
            (m.due_date, m.posting.id, m.month) for m in schedule.oldest_outstanding(stmt, shown)
        ]
        last = whole[shown - 1][0]
        assert oldest == [item for item in whole if item[0] <= last], shown
