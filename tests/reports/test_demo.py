"""The demo data: the article's reflections with a remark; the current round's schedules."""

from datetime import date

import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports.models import Comment, ReflectionLog
from exchange.reports.schedule import LATE, MISSING, ON_TIME, compliance_for


def test_demo_schedules_show_on_time_late_and_missing(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        states = set()
        for name in ("李晓雯", "王建国"):
            cadre = db.session.scalar(sa.select(Cadre).where(Cadre.name == name))
            posting = db.session.scalar(
                sa.select(Posting).where(Posting.cadre_id == cadre.id, Posting.status == "active")
            )
            compliance = compliance_for([posting], date(2026, 10, 15))[posting.id]
            states |= {item.state for item in compliance.items}
            assert cadre.user is not None
        assert {ON_TIME, LATE, MISSING} <= states
        remark = db.session.scalar(
            sa.select(Comment).join(ReflectionLog).where(Comment.kind == "remark")
        )
        assert remark.report.title == "挂职近4个月的心得体会" and remark.report.is_submitted
        before = db.session.scalar(sa.select(sa.func.count(ReflectionLog.id)))
    assert "nothing to add" in runner.invoke(args=["seed-demo"]).output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReflectionLog.id))) == before
