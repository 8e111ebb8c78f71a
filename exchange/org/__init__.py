from flask import Blueprint

bp = Blueprint("org", __name__)

from exchange.org import account_views, views  # noqa: E402, F401
