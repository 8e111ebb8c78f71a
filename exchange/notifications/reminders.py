"""Reminders: each feature registers what it reminds about; ``flask remind`` runs them all.

A source is a function ``(as_of: date) -> int`` that sends its reminders through
``services.notify()`` (with a key, so that running every hour adds each one once) and
returns how many notifications it added. Reports register reports due and overdue,
postings the postings ending soon.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, url_for

from exchange import clock
from exchange.extensions import db
from exchange.notifications.mail import send_emails

Source = Callable[[date], int]
_SOURCES: list[Source] = []


def add(source: Source) -> None:
    """Register a reminder source; once each, when its feature is imported."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def link(endpoint: str, **values) -> str:
    """A same-site path for a notification, inside a request or not (the CLI)."""
    try:
        return url_for(endpoint, **values)
    except RuntimeError:  # no SERVER_NAME outside a request: a path is enough
        with current_app.test_request_context():
            return url_for(endpoint, **values)


@dataclass
class RunResult:
    created: int = 0
    emailed: int = 0
    errors: list[str] = field(default_factory=list)


def create_notifications(as_of: date | None = None) -> int:
    """Run every source as of ``as_of`` (today); returns how many were added. Flushes."""
    as_of = as_of or clock.today()
    return sum(source(as_of) for source in _SOURCES)


def run(as_of: date | None = None) -> RunResult:
    """The hourly job: add the reminders due, commit, then mail what is unmailed."""
    result = RunResult()
    result.created = create_notifications(as_of)
    db.session.commit()
    result.emailed, result.errors = send_emails()
    db.session.commit()
    return result
