"""The bell in the navigation bar, the inbox page (待办 and 消息) and marking messages read."""

import sqlalchemy as sa
from flask import abort, g, render_template, request, url_for
from flask_login import current_user, login_required

from exchange import clock
from exchange.notifications import bp, queries, services
from exchange.notifications.models import Notification
from exchange.web.actions import act
from exchange.web.forms import EmptyForm
from exchange.web.loaders import load_or_404
from exchange.web.todos import todo_count, todos_for
from exchange.web.urls import safe_next

#: The oldest to-dos the inbox lists; the badge gives how many there are in all, and each
#: kind's own page (reports awaiting a 批示, attendance, leave ...) lists the rest.
INBOX_SHOWN = 200


def _todos(user) -> list:
    """The oldest of what waits for ``user`` that the inbox lists (once per request)."""
    if "inbox_todos" not in g:
        g.inbox_todos = todos_for(user, oldest=INBOX_SHOWN)
    return g.inbox_todos


@bp.app_context_processor
def inbox_count():
    """The bell: what waits for the user plus unread messages; nothing for a visitor."""
    cache = {}

    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        if "n" not in cache:
            # The user itself, not the login proxy: each feature's count asks about it.
            user = current_user._get_current_object()
            cache["n"] = _waiting(user) + queries.unread_count(user)
        return cache["n"]

    return {"inbox_count": count}


def _waiting(user) -> int:
    """How many things wait for ``user`` (counted once per request)."""
    if "inbox_waiting" not in g:
        g.inbox_waiting = todo_count(user)
    return g.inbox_waiting


@bp.route("/notifications")
@login_required
def index():
    """The inbox: 待办 (what waits for the user's action) and 消息 (what happened)."""
    return render_template(
        "notifications/index.html",
        todos=_todos(current_user),
        todo_total=_waiting(current_user._get_current_object()),
        items=queries.notifications_of(current_user),
        today=clock.today(),
        form=EmptyForm(),
    )


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    """Mark one read; with ``follow``, open what it links to."""
    # Another user's notification does not exist for you: 404, not 403.
    note: Notification = load_or_404(
        sa.select(Notification).where(
            Notification.id == notification_id, Notification.user_id == current_user.id
        )
    )
    follow = request.form.get("follow") and safe_next(note.link)
    return act(
        EmptyForm(),
        lambda: services.mark_read(note),
        success=follow or url_for("notifications.index"),
        failure=abort,
    )


@bp.post("/notifications/read-all")
@login_required
def mark_all_read():
    return act(
        EmptyForm(),
        lambda: services.mark_all_read(current_user),
        success=url_for("notifications.index"),
        failure=abort,
    )
