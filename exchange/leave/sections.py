"""What leave adds to other pages (posting, home pages) and to the inbox's 待办."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import clock, policy
from exchange.dates import day_text
from exchange.leave.models import Leave, LeaveStatus
from exchange.leave.queries import awaiting, awaiting_count, days_for, visible_leave
from exchange.notifications.handover import path_for
from exchange.postings.models import Posting, PostingStatus
from exchange.web import sections, todos


def posting_leave(user, posting):
    if not (policy.can_view_leave_of(user, posting)):
        return None
    leaves = visible_leave(user, Leave.posting_id == posting.id)
    return {
        "posting": posting,
        "leaves": leaves,
        "days": days_for(leaves),
        "can_request": policy.can_request_leave(user, posting),
    }


def my_leave(user):
    from exchange.extensions import db

    posting = db.session.scalar(
        sa.select(Posting)
        .where(
            Posting.cadre_id == user.cadre_id,
            Posting.status.in_((PostingStatus.ACTIVE, PostingStatus.ACCEPTED)),
        )
        .order_by(Posting.start_date.desc())
    )
    if posting is None:
        return None
    return posting_leave(user, posting)


def waiting_leave(user):
    leaves = awaiting(user)
    return {"leaves": leaves, "days": days_for(leaves)} if leaves else None


sections.add("posting", "leave/_posting.html", posting_leave, order=45)
sections.add_home("cadre", "leave/_posting.html", my_leave, order=15)
sections.add_home(("hr", "admin"), "leave/_home_waiting.html", waiting_leave, order=5)


def _title(leave: Leave) -> str:
    return f"{leave.posting.cadre.name} · {day_text(leave.start_date)} – {day_text(leave.end_date)}"


def _to_report_back(user) -> list[Leave]:
    """The cadre's approved leave that has ended: each waits for 销假."""
    return visible_leave(user, Leave.status == LeaveStatus.APPROVED, Leave.end_date < clock.today())


def leave_todos(user) -> list[todos.Todo]:
    items = []
    if policy.is_admin(user) or policy.is_hr(user):
        for leave in awaiting(user):
            step = leave.current_step
            if step is None:
                continue
            items.append(
                todos.Todo(
                    key=f"leave:{leave.id}:step:{step.step}",
                    kind=_l("Leave to approve"),
                    title=_title(leave),
                    link=path_for("leave.detail", leave_id=leave.id),
                    since=leave.created_at.date(),
                    due=leave.start_date,
                )
            )
    if policy.is_cadre(user):
        for leave in _to_report_back(user):
            items.append(
                todos.Todo(
                    key=f"leave:{leave.id}:report_back",
                    kind=_l("Report back from leave"),
                    title=_title(leave),
                    link=path_for("leave.detail", leave_id=leave.id),
                    since=leave.end_date,
                )
            )
    return items


def leave_todo_count(user) -> int:
    """``len(leave_todos(user))``: the approvers' queue counted in the database (a region's
    administrator sees every district's); a cadre's own few leaves are listed."""
    count = awaiting_count(user) if policy.is_admin(user) or policy.is_hr(user) else 0
    if policy.is_cadre(user):
        count += len(_to_report_back(user))
    return count


todos.add("leave", leave_todos, count=leave_todo_count)


def programme_tiers(user, programme):
    """Section of the programme page: who approves leave, by length, and the source."""
    from exchange.leave.rules import tiers_of

    return {"tiers": tiers_of(programme.id)}


sections.add("programme", "leave/_programme.html", programme_tiers, order=60)
