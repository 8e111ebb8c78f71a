"""Core command-line tools: ``flask --app exchange seed-demo``, ``users create``, ``translations``.

Every command hangs on a blueprint's ``bp.cli``: these on the core blueprint below
(top-level, ``cli_group=None``), each feature's on its own blueprint in its
``__init__.py`` (``flask postings advance``, ``flask remind``). Registering the
blueprint registers its commands.
"""

import sys

import click
import sqlalchemy as sa
from flask import Blueprint, current_app
from flask.cli import AppGroup

from exchange import policy
from exchange.api.commands import users_token
from exchange.auth.models import Role, User
from exchange.errors_domain import DomainError
from exchange.extensions import db
from exchange.org.accounts import NewAccount, create_account
from exchange.org.models import District

bp = Blueprint("commands", __name__, cli_group=None)
users_cli = AppGroup("users", help="Manage user accounts.")
translations_cli = AppGroup("translations", help="Keep the interface translations up to date.")
bp.cli.add_command(users_cli)
bp.cli.add_command(translations_cli)
users_cli.add_command(users_token)


@bp.cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database has no accounts.")
def seed_demo(if_empty: bool) -> None:
    """Load the districts, departments, cadres, postings and reports of the demo."""
    from exchange.demo import seed

    if not current_app.config.get("ALLOW_DEMO_SEED"):
        raise click.ClickException("seed-demo refuses to run under the production configuration.")
    if if_empty and db.session.scalar(sa.select(sa.func.count(User.id))):
        click.echo("The database already has accounts; demo data not loaded.")
        return
    created = seed(current_app.config["DEMO_PASSWORD"])
    db.session.commit()
    if any(created.values()):
        click.echo("Demo data loaded: " + ", ".join(f"{k} {v}" for k, v in created.items()))
    else:
        click.echo("Demo data already present; nothing to add.")


# The form field a refusal names, as the command line spells it.
OPTION_OF = {
    "username": "USERNAME",
    "role": "--role",
    "district_id": "--district",
    "cadre_id": "--cadre-id",
    "display_name": "--display-name",
    "email": "--email",
    "password": "password",
}


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--district", "district_code", help="District code (HR officers, leaders).")
@click.option("--cadre-id", type=int, help="The cadre a seconded official's account belongs to.")
@click.option("--display-name", help="The name shown in the app (default: the username).")
@click.option("--email")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
def users_create(username, role, district_code, cadre_id, display_name, email, password_stdin):
    """Create an account; the password is read from a prompt or stdin, never from argv.

    The same account service as the administrator's form checks it; a refusal prints
    each reason and exits with status 1, leaving the database unchanged.
    """
    district_id = None
    if district_code:
        district = db.session.scalar(sa.select(District).where(District.code == district_code))
        if district is None:
            raise click.ClickException(
                f"Account not created:\n--district: no district with code {district_code!r}."
            )
        district_id = district.id
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    data = NewAccount(
        username=username,
        password=password,
        display_name=display_name or username.strip().lower(),
        role=role,
        email=email,
        district_id=district_id,
        cadre_id=cadre_id,
    )
    try:
        user = create_account(data, policy.COMMAND_LINE)
    except DomainError as error:
        db.session.rollback()
        lines = [
            f"{OPTION_OF.get(r.field, r.field)}: {r.message}" if r.field else str(r.message)
            for r in error.reasons
        ]
        raise click.ClickException("\n".join(["Account not created:", *lines])) from None
    db.session.commit()
    click.echo(f"Created {user.role} account {user.username!r}.")


@translations_cli.command("update")
def translations_update() -> None:
    """``pybabel extract`` with babel.cfg, then ``pybabel update``: new strings are added,
    a changed one keeps its old translation marked fuzzy, removed ones are dropped."""
    from exchange.i18n import ROOT, absorb_feature_catalogues, update_catalogues

    for note in absorb_feature_catalogues():
        click.echo(f"Two translations of one msgid, {note}", err=True)
    for path, untranslated, fuzzy in update_catalogues():
        state = (
            f"{untranslated} untranslated, {fuzzy} fuzzy" if untranslated or fuzzy else "complete"
        )
        click.echo(f"{path.relative_to(ROOT)}: {state}")
