"""E-mail through Flask-Mailman (a port of Django's mail): Date and Message-ID headers,
STARTTLS (MAIL_USE_TLS) or TLS from the first byte (MAIL_USE_SSL), one SMTP connection
per batch, and a test outbox (MAIL_BACKEND="locmem", see ``outbox()``).

Links in a message are absolute, from BASE_URL: an e-mail is read outside the app.
"""

from dataclasses import dataclass

from flask import current_app
from flask_mailman import EmailMessage, Mail

mail = Mail()


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    body: str


def init_app(app) -> None:
    mail.init_app(app)


def enabled() -> bool:
    """Mail goes out when a server is configured, or to a non-SMTP backend (tests)."""
    config = current_app.config
    return bool(config.get("MAIL_SERVER")) or config.get("MAIL_BACKEND") not in (None, "smtp")


def absolute_url(path: str) -> str:
    """``/reports/3`` → ``https://exchange.example/reports/3`` (BASE_URL may have a path)."""
    if "://" in path:
        return path
    return current_app.config["BASE_URL"].rstrip("/") + "/" + path.lstrip("/")


def send_each(letters: list[Letter]) -> list[tuple[Letter, Exception | None]]:
    """Send the letters over one connection; each with the error that stopped it, or None.

    A refused recipient does not stop the others; a server that cannot be reached
    fails every letter with its error.
    """
    results: list[tuple[Letter, Exception | None]] = []
    if not letters:
        return results
    sender = current_app.config.get("MAIL_DEFAULT_SENDER")
    try:
        connection = mail.get_connection()
        connection.open()
    except OSError as error:
        return [(letter, error) for letter in letters]
    try:
        for letter in letters:
            message = EmailMessage(
                letter.subject, letter.body, sender, [letter.to], connection=connection
            )
            try:
                message.send()
                results.append((letter, None))
            except OSError as error:  # smtplib.SMTPException is an OSError
                results.append((letter, error))
    finally:
        connection.close()
    return results


def outbox() -> list[EmailMessage]:
    """The messages "sent" with MAIL_BACKEND="locmem" (tests)."""
    return getattr(current_app.extensions["mailman"], "outbox", [])
