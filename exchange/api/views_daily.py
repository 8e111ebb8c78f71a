"""Reading leave, attendance sheets, the user's notifications, and the roster."""

import sqlalchemy as sa
from flask import request
from sqlalchemy.orm import selectinload

from exchange import policy
from exchange.api import bp
from exchange.api import schemas as s
from exchange.api.common import allow, load, shown, user
from exchange.api.errors import ApiError
from exchange.api.paging import page_of
from exchange.attendance.models import AttendanceSheet
from exchange.extensions import db
from exchange.leave.models import Leave
from exchange.notifications.models import Notification
from exchange.postings.models import Posting
from exchange.rosters.filters import parse_filter
from exchange.rosters.queries import roster_page

LeavePage = s.page_of(s.LeaveSchema, "LeavePage")
AttendancePage = s.page_of(s.AttendanceSchema, "AttendancePage")
NotificationPage = s.page_of(s.NotificationSchema, "NotificationPage")


def leave_query(leave_id: int | None = None):
    stmt = sa.select(Leave).options(selectinload(Leave.approvals))
    return stmt if leave_id is None else stmt.where(Leave.id == leave_id)


@bp.get("/leave")
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, LeavePage)
def leave_list(args):
    """Leave the user may see (the leave page's scope)."""
    allow(policy.can_list_leave)
    stmt = leave_query().join(Posting, Leave.posting_id == Posting.id)
    return page_of(stmt.where(policy.leave_scope(user(), Leave, Posting)), Leave.id, args)


@bp.get("/leave/<int(max=2147483647):leave_id>")
@bp.response(200, s.LeaveSchema)
def leave(leave_id: int):
    return shown(load(leave_query(leave_id), None, policy.can_view_leave))


@bp.get("/attendance")
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, AttendancePage)
def attendance_list(args):
    """Monthly attendance sheets the user may read."""
    allow(policy.can_list_attendance)
    stmt = (
        sa.select(AttendanceSheet)
        .join(Posting, AttendanceSheet.posting_id == Posting.id)
        .where(policy.attendance_scope(user(), AttendanceSheet, Posting))
    )
    return page_of(stmt, AttendanceSheet.id, args)


@bp.get("/attendance/<int(max=2147483647):sheet_id>")
@bp.response(200, s.AttendanceSchema)
def attendance(sheet_id: int):
    return shown(load(AttendanceSheet, sheet_id, policy.can_view_attendance))


@bp.get("/notifications")
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, NotificationPage)
def notifications(args):
    """The user's own inbox, oldest first by id (follow ``next_cursor`` for newer)."""
    allow(policy.can_manage_own_tokens)
    stmt = sa.select(Notification).where(Notification.user_id == user().id)
    return page_of(stmt, Notification.id, args)


@bp.get("/roster")
@bp.arguments(s.RosterArgs, location="query")
@bp.response(200, s.RosterSchema)
def roster(args):
    """The roster (名册): the roster page's filters, sort, as-of date and query, as JSON.

    Arguments the page would drop with a message are refused here (422)."""
    allow(policy.can_view_roster)
    filt, problems = parse_filter(request.args, user().district_id)
    if problems:
        raise ApiError(
            422, "invalid", problems[0], fields={"query": [("invalid", p) for p in problems]}
        )
    page = roster_page(db.session, user(), filt, exact_count=args.get("count") == "exact")
    return {
        "items": page.rows,
        "next_cursor": page.next_cursor.encode() if page.next_cursor else None,
        "previous_cursor": page.previous_cursor.encode() if page.previous_cursor else None,
        "total": page.total.value,
        "total_exact": page.total.exact,
    }
