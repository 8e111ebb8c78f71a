"""The demo's daily management: leave in every state for the current officials, a late
attendance sheet, talks, and an inbox with something in it for every demo account."""

import sqlalchemy as sa

from exchange.attendance.models import AttendanceSheet
from exchange.attendance.schedule import LATE, SUBMITTED_LATE, overview_of
from exchange.auth.models import User
from exchange.extensions import db
from exchange.leave.models import Leave, LeaveStatus
from exchange.notifications.models import Notification
from exchange.talks.models import Talk
from exchange.web.todos import todos_for


def test_the_demo_has_every_state_and_an_inbox_for_everyone(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert "nothing to add" in runner.invoke(args=["seed-demo"]).output
    app.config["TODAY"] = "2026-11-26"
    with app.app_context():
        states = set(db.session.scalars(sa.select(Leave.status)))
        assert states == {s.value for s in LeaveStatus}
        sheet = db.session.scalar(sa.select(AttendanceSheet).limit(1))
        overview = overview_of(sheet.posting)
        assert {m.state for m in overview.months} & {LATE, SUBMITTED_LATE}
        assert db.session.scalar(sa.select(sa.func.count(Talk.id))) >= 4
        for user in db.session.scalars(sa.select(User)):
            messages = db.session.scalar(
                sa.select(sa.func.count(Notification.id)).where(Notification.user_id == user.id)
            )
            assert messages or todos_for(user), user.username
