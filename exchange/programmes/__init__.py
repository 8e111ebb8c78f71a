from flask import Blueprint

bp = Blueprint("programmes", __name__)

from exchange.programmes import inbox, views  # noqa: E402, F401
