"""``flask --app exchange users token USERNAME``: an API token made by the operator."""

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from exchange import policy
from exchange.api.tokens import MAX_DAYS, TokenRequest, create_token
from exchange.auth.models import User
from exchange.errors_domain import DomainError
from exchange.extensions import db


@click.command("token")
@click.argument("username")
@click.option(
    "--expires",
    "days",
    type=click.IntRange(1, MAX_DAYS),
    help="Days until the token expires (default: never).",
)
@click.option("--write", is_flag=True, help="Read and write (default: read only).")
@click.option("--name", default="command line", show_default=True, help="What the token is for.")
@with_appcontext
def users_token(username: str, days: int | None, write: bool, name: str) -> None:
    """Create an API token for USERNAME and print it; it is shown this once only."""
    user = db.session.scalar(sa.select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account {username!r}.")
    if not user.active:
        raise click.ClickException(f"The account {username!r} is disabled.")
    try:
        token, secret = create_token(
            user, policy.COMMAND_LINE, TokenRequest(name=name, expires_days=days, write=write)
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(
            "Token not created: " + "; ".join(str(r.message) for r in error.reasons)
        ) from None
    db.session.commit()
    expiry = token.expires_at.date().isoformat() if token.expires_at else "never"
    click.echo(f"Token {token.name!r} for {user.username} ({token.scope}, expires {expiry}):")
    click.echo(secret)
