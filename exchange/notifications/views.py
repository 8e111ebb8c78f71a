"""The bell in the navigation bar, the notifications page and marking them read."""

import sqlalchemy as sa
from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required

from exchange.notifications import bp, queries, services
from exchange.notifications.models import Notification
from exchange.web.actions import act
from exchange.web.forms import EmptyForm
from exchange.web.loaders import load_or_404
from exchange.web.urls import safe_next


@bp.app_context_processor
def unread_notifications():
    """The bell's count: one COUNT query for a signed-in user, none otherwise."""
    cache = {}

    def unread_count() -> int:
        if not current_user.is_authenticated:
            return 0
        if "n" not in cache:
            cache["n"] = queries.unread_count(current_user)
        return cache["n"]

    return {"unread_notification_count": unread_count}


@bp.route("/notifications")
@login_required
def index():
    items = queries.notifications_of(current_user)
    return render_template("notifications/index.html", items=items, form=EmptyForm())


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
