"""``notify()``: what any feature calls to tell people something."""

import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db
from exchange.notifications.models import Notification
from exchange.notifications.services import notify


def users(*names):
    return db.session.scalars(sa.select(User).where(User.username.in_(names))).all()


def test_a_keyed_notice_reaches_each_recipient_once(ctx, world):
    people = users("zhangxiang", "hr.tianfu")
    assert notify(people, "test", "请提交报告", "/reports/mine", key="p1:2026-09") == 2
    assert notify(people + users("leader"), "test", "请提交报告", key="p1:2026-09") == 1
    notes = db.session.scalars(sa.select(Notification).where(Notification.key == "test:p1:2026-09"))
    assert sorted(n.user.username for n in notes) == ["hr.tianfu", "leader", "zhangxiang"]


def test_without_a_key_every_notice_is_new(ctx, world):
    people = users("zhangxiang")
    assert notify(people, "test", "一") == 1
    assert notify(people, "test", "一") == 1
    assert notify([], "test", "nobody") == 0
    kinds = db.session.scalars(sa.select(Notification).where(Notification.message == "一"))
    assert [n.kind for n in kinds] == ["test", "test"]
