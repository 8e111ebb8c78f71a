"""Delivery: one e-mail digest per user per run with absolute links and proper headers,
and a signed POST per item to the district's webhook; nothing twice; a failed delivery is
retried by the next run. Both received by servers started here."""

import hashlib
import hmac
import json
import socket
import threading
from datetime import date
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from exchange.auth.models import User
from exchange.extensions import db
from exchange.leave.models import Leave
from exchange.leave.services import LeaveRequest, decide_leave, request_leave
from exchange.notifications import delivery
from exchange.notifications.models import DistrictWebhook
from exchange.postings.models import Posting

BASE = "https://exchange.example.gov.cn"
SECRET = "shared-secret-of-tianfu"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.original_content))
        return "250 OK"

    def to(self, address):
        return [
            message_from_bytes(m, policy=policy.default)
            for rcpts, m in self.messages
            if address in rcpts
        ]


class Platform(BaseHTTPRequestHandler):
    """A district's messaging platform: records what it gets, fails while told to."""

    received: list = []
    failing = False

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if Platform.failing:
            self.send_response(503)
            self.end_headers()
            return
        Platform.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, mailbox
    finally:
        controller.stop()


@pytest.fixture
def platform():
    Platform.received, Platform.failing = [], False
    server = HTTPServer(("127.0.0.1", 0), Platform)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture
def app_config(smtp):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp[0].port, "BASE_URL": BASE}


def _user(world, key):
    return db.session.get(User, world.user_ids[key])


def _ask_leave(world):
    posting = db.session.get(Posting, world.p_zx)
    leave = request_leave(
        posting,
        _user(world, "zx"),
        LeaveRequest("personal", date(2026, 9, 14), date(2026, 9, 15), "家事。"),
    )
    db.session.commit()
    return leave.id


def test_one_digest_per_user_per_run_never_the_same_item_twice(app, world, smtp):
    _, mailbox = smtp
    with app.app_context():
        _user(world, "hr_tf").email = "hr@tianfu.example.cn"
        _user(world, "zx").email = "zx@example.cn"
        db.session.commit()
        leave_id = _ask_leave(world)
        first = delivery.run()
        assert first.errors == []
        [digest] = mailbox.to("hr@tianfu.example.cn")
        assert digest["Date"] and digest["Message-ID"].startswith("<")
        text = digest.get_content()
        assert f"{BASE}/leave/{leave_id}" in text  # an absolute link to the record
        assert mailbox.to("zx@example.cn") == []  # nothing waits for him yet

        again = delivery.run()
        assert again.emailed == 0 and len(mailbox.messages) == 1

        leave = db.session.get(Leave, leave_id)
        decide_leave(leave, _user(world, "hr_tf"), True, "", leave.version)
        db.session.commit()
        delivery.run()
        assert len(mailbox.to("hr@tianfu.example.cn")) == 1  # nothing new for the host
        latest = mailbox.to("zx@example.cn")[-1].get_content()
        assert len(mailbox.to("zx@example.cn")) == 1 and f"{BASE}/leave/{leave_id}" in latest


def test_the_district_webhook_gets_each_item_once_signed(app, world, platform):
    with app.app_context():
        db.session.add(DistrictWebhook(district_id=world.tf, url=platform, secret=SECRET))
        db.session.commit()
        leave_id = _ask_leave(world)
        result = delivery.run()
        assert result.errors == []
        posted = [json.loads(body) for _, body in Platform.received]
        mine = [p for p in posted if p["link"] == f"{BASE}/leave/{leave_id}"]
        assert len(mine) == 1 and mine[0]["recipient"]["username"] == "hr.tianfu"
        assert {p["recipient"]["username"] for p in posted} == {"hr.tianfu"}  # 天府's people
        headers, body = Platform.received[0]
        expected = hmac.new(
            SECRET.encode(),
            headers["X-Exchange-Timestamp"].encode() + b"." + body,
            hashlib.sha256,
        ).hexdigest()
        assert headers["X-Exchange-Signature"] == f"sha256={expected}"
        count = len(Platform.received)
        delivery.run()
        assert len(Platform.received) == count


def test_a_failed_webhook_is_retried_by_the_next_run(app, world, platform):
    with app.app_context():
        db.session.add(DistrictWebhook(district_id=world.tf, url=platform, secret=SECRET))
        db.session.commit()
        _ask_leave(world)
        Platform.failing = True
        failed = delivery.run()
        assert failed.posted == 0 and failed.errors
        hook = db.session.scalar(sa.select(DistrictWebhook))
        assert "503" in hook.last_error
        Platform.failing = False
        retried = delivery.run()
        assert retried.posted >= 1 and len(Platform.received) == retried.posted


def test_the_cli_command(runner, world):
    result = runner.invoke(args=["deliver"])
    assert result.exit_code == 0, result.output
    assert "digests e-mailed" in result.output


def test_the_webhook_command_sets_and_disables(app, runner, world):
    result = runner.invoke(
        args=["webhooks", "set", "tianfu", "https://msg.sc.example/hook"],
        input="a-shared-secret-of-tianfu\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        hook = db.session.scalar(sa.select(DistrictWebhook))
        assert (hook.url, hook.secret, hook.active) == (
            "https://msg.sc.example/hook",
            "a-shared-secret-of-tianfu",
            True,
        )
    assert runner.invoke(args=["webhooks", "disable", "tianfu"]).exit_code == 0
    short = runner.invoke(args=["webhooks", "set", "tianfu", "https://x.example"], input="x\n")
    assert short.exit_code != 0 and "secret" in short.output
