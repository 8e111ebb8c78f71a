"""``flask --app exchange wait-for-db``: block until the database answers (containers).

The Docker entrypoint runs it before ``flask db upgrade``: a compose stack starts the app
and PostgreSQL together, and the database takes a few seconds to accept connections.
"""

import time

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from exchange.extensions import db


@click.command("wait-for-db")
@click.option("--timeout", default=60, show_default=True, help="Seconds to wait at most.")
@with_appcontext
def wait_for_db_command(timeout: int) -> None:
    """Wait until the database accepts a connection; fail after TIMEOUT seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with db.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            click.echo("The database answers.")
            return
        except sa.exc.OperationalError as error:
            if time.monotonic() >= deadline:
                first_line = (str(error.orig or error).strip().splitlines() or ["?"])[0]
                raise click.ClickException(
                    f"The database did not answer within {timeout} s: {first_line}"
                ) from None
            time.sleep(1)
