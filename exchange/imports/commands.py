"""``flask --app exchange import cadres|postings|appraisals FILE``: the same import from the command line.

``--dry-run`` prints the preview and writes nothing. Exit status: 0 when every row was
imported (or, in a dry run, would be), 1 when the file or a row has a problem (then
nothing is written), 2 for a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa

from exchange import policy
from exchange.auth.models import Role, User
from exchange.extensions import db
from exchange.imports import bp
from exchange.imports.models import ImportKind
from exchange.imports.reader import FileProblem
from exchange.imports.runner import PROBLEM, Outcome

ACTIONS = {"create": "new", "update": "update", "skip": "skip", "problem": "PROBLEM"}


def _actor(username: str | None) -> User:
    if username:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            raise click.UsageError(f"No account called {username!r}.")
        return user
    admins = db.session.scalars(
        sa.select(User).where(User.role == Role.ADMIN, User.active.is_(True))
    ).all()
    if len(admins) != 1:
        raise click.UsageError("Say whose rights the import uses: --user NAME.")
    return admins[0]


def _print(outcome: Outcome, all_rows: bool) -> None:
    for row in outcome.rows:
        if not all_rows and row.action != PROBLEM:
            continue
        line = f"row {row.number:>6}  {ACTIONS[row.action]:<7}  {row.label}"
        if row.detail:
            line += f"  ({row.detail})"
        click.echo(line)
        for column, code, message in row.problems:
            click.echo(f"            [{code}] {column + ': ' if column else ''}{message}")
    counts = outcome.counts
    click.echo(
        f"{len(outcome.rows)} rows: {counts['create']} new, {counts['update']} updated, "
        f"{counts['skip']} unchanged, {counts['problem']} with problems"
    )


def _command(kind: ImportKind):
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Print the preview; write nothing.")
    @click.option("--user", "username", help="The account whose rights the import uses.")
    @click.option("--all-rows", is_flag=True, help="List every row, not only those with problems.")
    def command(file: Path, dry_run: bool, username: str | None, all_rows: bool) -> None:
        from exchange.imports.services import read_and_run

        actor = _actor(username)
        if not policy.can_import(actor, kind):
            raise click.UsageError(f"{actor.username} may not import {kind.value}.")
        with (
            file.open("rb") as stream,
            click.progressbar(
                length=0, label=f"{kind.value}: {file.name}", file=sys.stderr, show_pos=True
            ) as bar,
        ):
            try:
                outcome = read_and_run(
                    kind,
                    stream,
                    actor,
                    dry_run=dry_run,
                    progress=bar.update,
                    source=f"flask import {kind.value} {file.name}",
                )
            except FileProblem as error:
                db.session.rollback()
                for reason in error.reasons:
                    click.echo(f"[{reason.code}] {reason.message}", err=True)
                sys.exit(1)
        _print(outcome, all_rows or dry_run)
        if not outcome.ok:
            db.session.rollback()
            click.echo(
                "Nothing was written." if not dry_run else "Dry run: nothing written.", err=True
            )
            sys.exit(1)
        if dry_run:
            db.session.rollback()
            click.echo("Dry run: nothing written.")
            return
        from exchange.audit.services import record

        record(
            f"import.cli_{kind.value}",
            actor=actor,
            summary=f"{kind.value}: {file.name}",
            changes={"counts": [None, outcome.counts]},
            districts=(actor.district_id,),
        )
        db.session.commit()
        click.echo("Imported.")

    command.__doc__ = (
        f"Import {kind.value} from an XLSX or CSV file (same checks as the web import)."
    )
    return command


for _kind in ImportKind:
    bp.cli.command(_kind.value)(_command(_kind))
