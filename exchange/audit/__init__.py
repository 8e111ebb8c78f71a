from flask import Blueprint

bp = Blueprint("audit", __name__)

from exchange.audit import views  # noqa: E402, F401
