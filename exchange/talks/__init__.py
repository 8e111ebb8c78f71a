"""Talks (谈心谈话): HR's talks with and visits to seconded officials, and their cadence."""

from flask import Blueprint

bp = Blueprint("talks", __name__)

from exchange.talks import sections, views  # noqa: E402, F401
from exchange.talks.models import TalkMode, TalkSide  # noqa: E402
from exchange.web import enum_filters  # noqa: E402

enum_filters.register(bp, TalkMode, TalkSide)
