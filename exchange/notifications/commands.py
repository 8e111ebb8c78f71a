"""``flask --app exchange remind``: the hourly job (cron)."""

import click

from exchange import clock
from exchange.notifications import bp, reminders


@bp.cli.command("remind")
def remind() -> None:
    """Create reminders (due in 7 days, overdue, postings ending in 30 days) and mail them."""
    result = reminders.run(clock.today())
    click.echo(f"Reminders: {result.created} new notifications, {result.emailed} e-mails sent.")
    for error in result.errors:
        click.echo(f"Not sent: {error}", err=True)
