"""What attendance adds to the posting page, HR's home page and the inbox's 待办."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from exchange import clock, policy
from exchange.attendance.queries import writable_postings
from exchange.attendance.schedule import (
    DUE,
    LATE,
    oldest_outstanding,
    outstanding,
    outstanding_count,
    overview_of,
)
from exchange.notifications.handover import path_for
from exchange.postings.models import SERVED_STATUSES, Posting
from exchange.web import sections, todos


def posting_attendance(user, posting):
    """Months, their states and the presence ratio against the programme's minimum."""
    if not policy.can_view_attendance_of(user, posting):
        return None
    if posting.status not in SERVED_STATUSES:
        return None
    return {
        "posting": posting,
        "overview": overview_of(posting),
        "can_write": policy.can_write_attendance(user, posting),
        "visible": lambda sheet: policy.can_view_attendance(user, sheet),
    }


def _postings(user):
    return writable_postings(user).where(Posting.start_date <= clock.today())


def _outstanding(user):
    return outstanding(_postings(user))


HOME_SHOWN = 20  # the oldest sheets due on the home page; the attendance page lists more


def sheets_due(user):
    items = oldest_outstanding(_postings(user), HOME_SHOWN)[:HOME_SHOWN]
    return {"items": items, "total": outstanding_count(_postings(user))} if items else None


sections.add("posting", "attendance/_posting.html", posting_attendance, order=46)
# HR chase their sheets; the administrator has the attendance page, not a region-wide list.
sections.add_home("hr", "attendance/_home_due.html", sheets_due, order=6)


def attendance_todos(user, oldest: int | None = None) -> list[todos.Todo]:
    """The sheets ``user`` has to submit (``oldest``: at least the oldest so many, as
    ``todos.add`` says)."""
    if not policy.is_hr(user):  # the administrator has the list page, not a to-do per sheet
        return []
    months = _outstanding(user) if oldest is None else oldest_outstanding(_postings(user), oldest)
    items = []
    for month in months:
        if month.state not in (DUE, LATE):
            continue
        link = (
            path_for("attendance.edit", sheet_id=month.sheet.id)
            if month.sheet is not None
            else path_for(
                "attendance.new", posting_id=month.posting.id, month=month.month.isoformat()[:7]
            )
        )
        items.append(
            todos.Todo(
                key=f"attendance:{month.posting.id}:{month.month.isoformat()[:7]}",
                kind=_l("Attendance sheet to submit"),
                title=f"{month.posting.cadre.name} · {format_date(month.month, 'yyyy-MM')}",
                link=link,
                since=month.last,
                due=month.due_date,
            )
        )
    return items


def attendance_todo_count(user) -> int:
    if not policy.is_hr(user):
        return 0
    return outstanding_count(_postings(user))


todos.add("attendance", attendance_todos, count=attendance_todo_count, oldest=True)


def programme_rule(user, programme):
    """Section of the programme page: when sheets fall due and the least presence."""
    from exchange.attendance.schedule import rules_for

    return rules_for([programme.id])[programme.id]


sections.add("programme", "attendance/_programme.html", programme_rule, order=61)
