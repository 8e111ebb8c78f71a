"""E-mail through Flask-Mailman: Date and Message-ID headers, absolute links from BASE_URL,
STARTTLS and TLS from the first byte, and a test outbox."""

import email
import ssl
import subprocess

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from exchange import mail
from exchange.auth.models import User
from exchange.extensions import db
from exchange.notifications import reminders
from tests.notifications.test_reminders import Inbox, free_port


class TlsInbox(Inbox):
    async def handle_DATA(self, server, session, envelope):
        self.tls = session.ssl is not None
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def mail_everyone(app, world, **config) -> reminders.RunResult:
    app.config.update(config)
    mail.mail.init_app(app)  # Flask-Mailman reads its settings when bound
    with app.app_context():
        for username in ("zhangxiang", "hr.tianfu"):
            user = db.session.scalar(sa.select(User).where(User.username == username))
            user.email = f"{username}@example.cn"
        db.session.commit()
        return reminders.run()


def test_the_outbox_holds_dated_identified_messages_with_absolute_links(app, world):
    result = mail_everyone(app, world, MAIL_BACKEND="locmem", MAIL_DEFAULT_SENDER="hr@ex.cn")
    assert result.emailed > 0 and not result.errors
    with app.app_context():
        sent = mail.outbox()
        assert len(sent) == result.emailed
        message = sent[0].message()
        assert message["Date"] and message["Message-ID"]
        assert message["From"] == "hr@ex.cn"
        assert "https://exchange.test/" in sent[0].body  # BASE_URL + the notification's link


def serve(handler, **options) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller


def test_starttls(app, world, certificate):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = TlsInbox()
    controller = serve(inbox, tls_context=context, require_starttls=True)
    try:
        result = mail_everyone(
            app, world, MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=True
        )
    finally:
        controller.stop()
    assert result.emailed == len(inbox.messages) > 0 and inbox.tls
    received = email.message_from_string(inbox.messages[0][1])
    assert received["Date"] and received["Message-ID"]


def test_tls_from_the_first_byte(app, world, certificate, monkeypatch):
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts this server
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = serve(inbox, ssl_context=context)  # a listener that speaks only TLS
    try:
        result = mail_everyone(
            app, world, MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_SSL=True
        )
    finally:
        controller.stop()
    assert result.emailed == len(inbox.messages) > 0 and not result.errors


def test_an_unreachable_server_is_reported_and_retried_next_time(app, world):
    result = mail_everyone(app, world, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    assert result.emailed == 0 and result.errors
    with app.app_context():
        assert reminders.send_emails()[0] == 0  # still pending: nothing was marked as sent


def test_absolute_url_keeps_a_base_path(app):
    with app.test_request_context():
        app.config["BASE_URL"] = "https://intranet.example/exchange/"
        assert mail.absolute_url("/reports/3") == "https://intranet.example/exchange/reports/3"
