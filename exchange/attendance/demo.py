"""Demo attendance: the programmes' rule (5th of the next month, 90% on site, with their
sources) and sheets for the current officials, one submitted late, one missing."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from exchange.attendance.models import AttendanceRule, AttendanceSheet, SheetStatus
from exchange.attendance.schedule import leave_days_in, month_end
from exchange.auth.models import User
from exchange.clock import TZ
from exchange.extensions import db
from exchange.postings.demo import active_posting_of
from exchange.programmes.models import Programme
from exchange.workdays.days import working_days

DUE_SOURCE = (
    "区委组织部《关于加强挂职干部管理的通知》：接收单位每月将挂职干部考勤情况通报派出单位，"
    "并于次月5日前报区委组织部。"
)
PRESENCE_SOURCE = "四川省“万名干部下基层”有关规定（2007年）：在岗时间不少于工作日的90%。"

# cadre → month → (days travelling, days absent, submitted days after the 5th or None: missing,
# "draft": saved, not submitted)
SHEETS: dict[str, dict[date, tuple[int, int, int | str]]] = {
    "李晓雯": {
        date(2026, 6, 1): (2, 0, -2),
        date(2026, 7, 1): (1, 0, -1),
        date(2026, 8, 1): (0, 3, 0),
        date(2026, 9, 1): (3, 2, 4),  # submitted four days late
        # October missing: late
    },
    "王建国": {
        date(2026, 5, 1): (0, 0, -3),
        date(2026, 6, 1): (2, 0, -1),
        date(2026, 7, 1): (1, 0, -2),
        date(2026, 8, 1): (0, 0, 0),
        date(2026, 9, 1): (2, 0, -1),
        date(2026, 10, 1): (1, 0, "draft"),
    },
}


def seed(created: dict, password: str | None = None) -> None:
    created.setdefault("attendance_sheets", 0)
    for programme in db.session.scalars(sa.select(Programme)):
        if (
            db.session.scalar(
                sa.select(AttendanceRule.id).where(AttendanceRule.programme_id == programme.id)
            )
            is None
        ):
            db.session.add(
                AttendanceRule(
                    programme_id=programme.id,
                    due_day=5,
                    due_source=DUE_SOURCE,
                    min_presence_percent=90,
                    presence_source=PRESENCE_SOURCE,
                )
            )
    db.session.flush()
    for name, months in SHEETS.items():
        posting = active_posting_of(name)
        if posting is None:
            continue
        hr = db.session.scalar(
            sa.select(User)
            .where(User.role == "hr", User.district_id == posting.host_district_id)
            .order_by(User.id)
        )
        for month, (travel, absent, offset) in months.items():
            exists = db.session.scalar(
                sa.select(AttendanceSheet.id).where(
                    AttendanceSheet.posting_id == posting.id, AttendanceSheet.month == month
                )
            )
            if exists or month < posting.start_date.replace(day=1):
                continue
            first, last = max(month, posting.start_date), min(month_end(month), posting.end_date)
            on_leave = leave_days_in(posting, first, last)
            on_site = Decimal(working_days(first, last)) - on_leave - travel - absent
            due = date(month.year + month.month // 12, month.month % 12 + 1, 5)
            submitted_at = (
                datetime.combine(due + timedelta(days=offset), time(16), tzinfo=TZ)
                if isinstance(offset, int)
                else None  # "draft": saved, not submitted
            )
            db.session.add(
                AttendanceSheet(
                    posting=posting,
                    month=month,
                    days_on_site=max(on_site, Decimal(0)),
                    days_on_leave=on_leave,
                    days_travel=travel,
                    days_absent=absent,
                    note="演示数据。",
                    status=SheetStatus.SUBMITTED if submitted_at else SheetStatus.DRAFT,
                    submitted_at=submitted_at,
                    submitted_by=hr if submitted_at else None,
                )
            )
            created["attendance_sheets"] += 1
    db.session.flush()
