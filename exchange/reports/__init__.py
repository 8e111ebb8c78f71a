from flask import Blueprint

bp = Blueprint("reports", __name__, cli_group=None)

from exchange.reports import home, inbox, notifications, views  # noqa: E402, F401
