"""Leave (请假 / 销假): requests, approval chains by length, reporting back, the printed form."""

from flask import Blueprint

bp = Blueprint("leave", __name__)

from exchange.leave import sections, views  # noqa: E402, F401
