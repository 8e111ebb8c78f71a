"""Leave (请假 / 销假): requests, approval chains by length, reporting back, the printed form."""

from flask import Blueprint

bp = Blueprint("leave", __name__)

from exchange.leave import sections, views  # noqa: E402, F401
from exchange.leave.models import ApproverSide, Decision, LeaveKind, LeaveStatus  # noqa: E402
from exchange.web import enum_filters  # noqa: E402

enum_filters.register(bp, ApproverSide, LeaveKind, LeaveStatus)
bp.app_context_processor(lambda: {"LeaveDecision": Decision})
