from flask import Blueprint

bp = Blueprint("reports", __name__)

from exchange.reports import filing, gaps, home, inbox, reminders, views  # noqa: E402, F401
