"""The inbox (待办 / 消息): what waits for each user, what happened that concerns them,
and their delivery by e-mail digest and district webhooks."""

from flask import Blueprint

bp = Blueprint("inbox", __name__, cli_group="inbox")

from exchange.inbox import views  # noqa: E402, F401
