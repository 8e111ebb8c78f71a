from flask import Blueprint

bp = Blueprint("postings", __name__)

from exchange.postings import commands, reminders, sections, views  # noqa: E402, F401
