"""Notifications: the bell, the list page, ``notify()`` for every feature, ``flask remind``."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, cli_group=None)

from exchange.notifications import commands, views  # noqa: E402, F401
