"""The demo stays alive: whatever day it is loaded, the current round's officials are in
post, and the jobs `make run` runs first (advance, remind) leave them there with reminders."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db
from exchange.notifications.models import Notification
from exchange.postings.models import Posting, PostingStatus
from exchange.programmes.models import Programme


@pytest.mark.parametrize(
    "today",
    [date(2026, 9, 1), date(2026, 12, 31), date(2028, 2, 29), date(2031, 1, 31), date(2045, 7, 15)],
)
def test_the_current_officials_are_in_post_on_any_day(app, runner, today):
    app.config["TODAY"] = today
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["postings", "advance"]).exit_code == 0
    result = runner.invoke(args=["remind"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        for username in ("lixiaowen", "wangjianguo"):
            user = db.session.scalar(sa.select(User).where(User.username == username))
            posting = db.session.scalar(
                sa.select(Posting).where(
                    Posting.cadre_id == user.cadre_id, Posting.status == PostingStatus.ACTIVE
                )
            )
            assert posting is not None, f"{username} is not in post on {today}"
            assert posting.start_date <= today <= posting.end_date
        reminded = db.session.scalar(
            sa.select(sa.func.count(Notification.id))
            .join(User, Notification.user_id == User.id)
            .where(User.username.in_(["lixiaowen", "wangjianguo"]))
        )
        assert reminded > 0  # overdue monthly reports, as the demo files some late or never
        names = db.session.scalars(sa.select(Programme.name).order_by(Programme.start_date)).all()
        assert names[0].startswith("2020年")  # the article's round keeps its real dates


def test_loaded_on_the_tests_today_the_round_has_its_written_dates(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        posting = db.session.scalar(
            sa.select(Posting)
            .join(User, User.cadre_id == Posting.cadre_id)
            .where(User.username == "wangjianguo")
        )
        assert (posting.start_date, posting.end_date) == (date(2026, 5, 6), date(2027, 2, 5))
