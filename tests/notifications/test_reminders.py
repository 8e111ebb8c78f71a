"""``flask remind``: every feature's reminders become notifications, mailed once."""

import socket
from datetime import date

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from exchange.auth.models import User
from exchange.extensions import db
from exchange.notifications import reminders
from exchange.notifications.models import Notification


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def app_config(smtp):
    controller, _ = smtp
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port}


def set_email(username, email):
    user = db.session.scalar(sa.select(User).where(User.username == username))
    user.email = email


def keys(app):
    with app.app_context():
        return set(db.session.execute(sa.select(User.username, Notification.key).join(User)).all())


def test_remind_twice_notifies_and_mails_once(app, runner, world, smtp):
    _, inbox = smtp
    with app.app_context():
        set_email("zhangxiang", "zhangxiang@example.cn")
        set_email("hr.tianfu", "hr@tianfu.example.cn")
        db.session.commit()
    result = runner.invoke(args=["remind"])
    assert result.exit_code == 0, result.output
    found = keys(app)
    p = world.p_zx
    # as of 2026-09-01: July and August are overdue, September's is due today
    assert ("zhangxiang", f"overdue:{p}:2026-07-01") in found
    assert ("zhangxiang", f"due:{p}:2026-09-01") in found
    for hr in ("hr.liangjiang", "hr.tianfu"):
        assert (hr, f"overdue:{p}:2026-08-01") in found
    assert not any(u == "hr.cdedz" and k.endswith(f":{p}:2026-07-01") for u, k in found)
    assert not any(u == "dingzhao" and f":{p}:" in k for u, k in found)
    first_mail = len(inbox.messages)
    mailed_to = {rcpt for rcpts, _ in inbox.messages for rcpt in rcpts}
    assert mailed_to == {"zhangxiang@example.cn", "hr@tianfu.example.cn"}
    assert first_mail == len([k for u, k in found if u in ("zhangxiang", "hr.tianfu")])
    assert any("张想" in raw and "逾期未交" in raw for _, raw in inbox.messages)

    result = runner.invoke(args=["remind"])
    assert result.exit_code == 0, result.output
    assert "0 new notifications, 0 e-mails sent" in result.output
    assert keys(app) == found
    assert len(inbox.messages) == first_mail


def test_no_mail_server_no_mail(app, world, smtp):
    _, inbox = smtp
    with app.app_context():
        app.config["MAIL_SERVER"] = None
        set_email("zhangxiang", "zhangxiang@example.cn")
        result = reminders.run(date(2026, 9, 1))
        assert result.created > 0 and result.emailed == 0
    assert inbox.messages == []
