"""Talks (谈心谈话): HR's talks with and visits to seconded officials, and their cadence."""

from flask import Blueprint

bp = Blueprint("talks", __name__)

from exchange.talks import sections, views  # noqa: E402, F401
