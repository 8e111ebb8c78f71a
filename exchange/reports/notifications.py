"""The bell in the navigation bar, the notifications page and marking them read."""

import click
import sqlalchemy as sa
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from exchange import clock
from exchange.auth.forms import EmptyForm
from exchange.db import utcnow
from exchange.extensions import db
from exchange.reports import bp, reminders
from exchange.reports.models import Notification


@bp.app_context_processor
def unread_notifications():
    """The bell's count: one COUNT query for a signed-in user, none otherwise."""

    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        return db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.user_id == current_user.id, Notification.read_at.is_(None)
            )
        )

    cache = {}

    def unread_count() -> int:
        if "n" not in cache:
            cache["n"] = count()
        return cache["n"]

    return {"unread_notification_count": unread_count}


@bp.route("/notifications")
@login_required
def notifications():
    items = db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc())
        .limit(200)
    ).all()
    return render_template("reports/notifications.html", items=items, form=EmptyForm())


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)  # another user's notification does not exist for you
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.commit()
    if request.form.get("follow") and note.link.startswith("/") and not note.link.startswith("//"):
        return redirect(note.link)
    return redirect(url_for("reports.notifications"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def mark_all_read():
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return redirect(url_for("reports.notifications"))


@bp.cli.command("remind")
def remind_command():
    """Create reminders (due in 7 days, overdue, postings ending in 30 days) and mail them."""
    result = reminders.run(clock.today())
    click.echo(f"Reminders: {result.created} new notifications, {result.emailed} e-mails sent.")
    for error in result.errors:
        click.echo(f"Not sent: {error}", err=True)
