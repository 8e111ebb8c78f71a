"""``flask --app exchange remind`` (hourly) and ``deliver`` (every 15 minutes): the cron jobs;
``webhooks``: a district's messaging platform."""

import sys

import click
import sqlalchemy as sa

from exchange import clock
from exchange.extensions import db
from exchange.notifications import bp, delivery, reminders
from exchange.notifications.models import DistrictWebhook
from exchange.org.models import District


@bp.cli.command("remind")
def remind() -> None:
    """Create reminders (due in 7 days, overdue, postings ending in 30 days) and mail them."""
    result = reminders.run(clock.today())
    click.echo(f"Reminders: {result.created} new notifications, {result.emailed} e-mails sent.")
    for error in result.errors:
        click.echo(f"Not sent: {error}", err=True)


@bp.cli.command("deliver")
def deliver() -> None:
    """E-mail each user one digest of what is new, and post items to district webhooks."""
    result = delivery.run()
    click.echo(f"Inbox: {result.emailed} digests e-mailed, {result.posted} webhook items posted.")
    for error in result.errors:
        click.echo(f"Not delivered: {error}", err=True)


@bp.cli.group("webhooks")
def webhooks() -> None:
    """The districts' messaging platforms that get their people's inbox items."""


@webhooks.command("set")
@click.argument("district_code")
@click.argument("url")
def set_webhook(district_code: str, url: str) -> None:
    """Post DISTRICT_CODE's items to URL; the shared secret is read from standard input."""
    district = _district(district_code)
    if not url.startswith(("http://", "https://")):
        raise click.ClickException("Give the webhook's http(s) URL.")
    secret = sys.stdin.readline().strip()
    if len(secret) < 16:
        raise click.ClickException("Give a shared secret of at least 16 characters on stdin.")
    hook = _hook(district) or DistrictWebhook(district_id=district.id)
    hook.url, hook.secret, hook.active, hook.last_error = url, secret, True, ""
    db.session.add(hook)
    db.session.commit()
    click.echo(f"Webhook of {district_code}: {url}")


@webhooks.command("disable")
@click.argument("district_code")
def disable_webhook(district_code: str) -> None:
    """Stop posting DISTRICT_CODE's items."""
    hook = _hook(_district(district_code))
    if hook is not None:
        hook.active = False
        db.session.commit()
    click.echo(f"Webhook of {district_code} disabled.")


def _district(code: str) -> District:
    district = db.session.scalar(sa.select(District).where(District.code == code))
    if district is None:
        raise click.ClickException(f"No district with code {code!r}.")
    return district


def _hook(district: District) -> DistrictWebhook | None:
    return db.session.scalar(
        sa.select(DistrictWebhook).where(DistrictWebhook.district_id == district.id)
    )
