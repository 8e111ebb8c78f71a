from flask import Blueprint

bp = Blueprint("rosters", __name__)

from exchange.rosters import statistics_views, views  # noqa: E402, F401
