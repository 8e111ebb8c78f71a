"""Attendance (考勤): host HR's monthly sheet per posting, due dates, the presence ratio."""

from flask import Blueprint

bp = Blueprint("attendance", __name__)

from exchange.attendance import sections, views  # noqa: E402, F401
