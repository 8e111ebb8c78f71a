"""The inbox page (待办 and 消息) and the bell's count."""

import click
import sqlalchemy as sa
from flask import g, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import clock, policy
from exchange.extensions import db
from exchange.inbox import bp
from exchange.inbox.todos import todos_for
from exchange.notifications.models import Notification
from exchange.web.forms import EmptyForm

MESSAGES_SHOWN = 100


def _todos(user):
    if "inbox_todos" not in g:
        g.inbox_todos = todos_for(user)
    return g.inbox_todos


@bp.app_context_processor
def inbox_count():
    """The bell: what waits for the user plus unread messages (computed once per request)."""

    def count() -> int:
        if not policy.can_use_inbox(current_user):
            return 0
        unread = db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.user_id == current_user.id, Notification.read_at.is_(None)
            )
        )
        return len(_todos(current_user)) + (unread or 0)

    cache: dict = {}

    def inbox_count() -> int:
        if "n" not in cache:
            cache["n"] = count()
        return cache["n"]

    return {"inbox_count": inbox_count}


@bp.route("/inbox")
@login_required
def index():
    policy.require(policy.can_use_inbox(current_user))
    messages = db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc())
        .limit(MESSAGES_SHOWN)
    ).all()
    return render_template(
        "inbox/index.html",
        todos=_todos(current_user),
        messages=messages,
        today=clock.today(),
        form=EmptyForm(),
        title=_l("Inbox"),
    )


@bp.cli.command("deliver")
def deliver_command():
    """E-mail each user one digest of what is new, and post items to district webhooks."""
    from exchange.inbox import delivery

    result = delivery.run()
    click.echo(f"Inbox: {result.emailed} digests e-mailed, {result.posted} webhook items posted.")
    for error in result.errors:
        click.echo(f"Not delivered: {error}", err=True)


@bp.cli.command("webhook")
@click.argument("district_code")
@click.argument("url", required=False)
@click.option("--disable", is_flag=True, help="Stop posting to this district's webhook.")
def webhook_command(district_code: str, url: str | None, disable: bool):
    """Set a district's webhook URL; the shared secret is read from standard input."""
    import sys

    from exchange.inbox.models import DistrictWebhook
    from exchange.org.models import District

    district = db.session.scalar(sa.select(District).where(District.code == district_code))
    if district is None:
        raise click.ClickException(f"No district with code {district_code!r}.")
    hook = db.session.scalar(
        sa.select(DistrictWebhook).where(DistrictWebhook.district_id == district.id)
    )
    if disable:
        if hook is not None:
            hook.active = False
            db.session.commit()
        click.echo(f"Webhook of {district_code} disabled.")
        return
    if not url or not url.startswith(("http://", "https://")):
        raise click.ClickException("Give the webhook's http(s) URL.")
    secret = sys.stdin.readline().strip()
    if len(secret) < 16:
        raise click.ClickException("Give a shared secret of at least 16 characters on stdin.")
    hook = hook or DistrictWebhook(district_id=district.id)
    hook.url, hook.secret, hook.active, hook.last_error = url, secret, True, ""
    db.session.add(hook)
    db.session.commit()
    click.echo(f"Webhook of {district_code}: {url}")
