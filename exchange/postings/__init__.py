from flask import Blueprint

bp = Blueprint("postings", __name__)

from exchange.postings import (  # noqa: E402, F401
    commands,
    inbox,
    reminders,
    sections,
    tally,
    term_inbox,
    term_views,
    views,
)
