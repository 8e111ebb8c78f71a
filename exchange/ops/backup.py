"""``flask --app exchange backup`` and ``restore``: the whole database, audit trail included.

SQLite is copied with its online backup API (a consistent copy while the app runs);
PostgreSQL with ``pg_dump --format=custom`` and ``pg_restore``, whose versions must be
at least the server's. The password of a PostgreSQL URL goes to the tools through
``PGPASSWORD``, never on a command line that ``ps`` shows.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from exchange.extensions import db

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(click.ClickException):
    """The backup or restore could not be done; the message says why."""


def database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def libpq(url: URL) -> tuple[str, dict]:
    """A libpq URL without the password, and the environment that carries it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools.")
    return path


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def backup_to(target: Path) -> Path:
    """Write a backup of the app's database to ``target``."""
    url = database_url()
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(sqlite_path(url))
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        dsn, env = libpq(url)
        _run([_tool("pg_dump"), "--format=custom", "--file", str(target), "--dbname", dsn], env)
    else:
        raise BackupError(f"No backup method for {url.get_backend_name()}.")
    return target


def restore_from(source: Path) -> None:
    """Replace the app's database with the backup in ``source``."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    url = database_url()
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep the old data in view
    if url.get_backend_name() == "sqlite":
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(sqlite_path(url))
        try:
            with live:
                backup.backup(live)
        finally:
            live.close()
            backup.close()
    elif url.get_backend_name() == "postgresql":
        dsn, env = libpq(url)
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                dsn,
                str(source),
            ],
            env,
        )
    else:
        raise BackupError(f"No restore method for {url.get_backend_name()}.")


def default_target() -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = SUFFIXES.get(database_url().get_backend_name(), ".backup")
    return Path(current_app.instance_path) / "backups" / f"exchange-{stamp}{suffix}"


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path | None) -> None:
    """Back up the database to TARGET (default: instance/backups/exchange-<time>)."""
    written = backup_to(target or default_target())
    click.echo(f"Backup written to {written}")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the whole database with the backup SOURCE (stop the app first)."""
    if not yes:
        click.confirm(
            f"Replace every record of {database_url().render_as_string()} with {source}?",
            abort=True,
        )
    restore_from(source)
    click.echo(f"Database restored from {source}")
