from flask import Blueprint

bp = Blueprint("cadres", __name__)

from exchange.cadres import views  # noqa: E402, F401
