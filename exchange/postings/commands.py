"""``flask --app exchange postings advance``: the daily job that starts and completes postings."""

from datetime import date

import click

from exchange.clock import today
from exchange.extensions import db
from exchange.postings import bp, services

bp.cli.help = "Postings: the daily job that starts and completes them."


@bp.cli.command("advance")
@click.option("--date", "on_date", type=click.DateTime(["%Y-%m-%d"]), help="Run as of this day.")
def advance(on_date) -> None:
    """Start accepted postings due today; end those whose agreed early end has come;
    complete active ones past their planned end."""
    day: date = on_date.date() if on_date else today()
    counts = services.advance_postings(day)
    db.session.commit()
    click.echo(
        f"{day.isoformat()}: started {counts['started']}, "
        f"ended early {counts['ended_early']}, completed {counts['completed']}"
    )
