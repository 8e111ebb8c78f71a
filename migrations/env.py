"""Alembic environment: migrate the database of the running Flask app."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def render_item(type_, obj, autogen_context):
    """Render the app's own column types as plain SQLAlchemy ones, so migrations stand alone."""
    from exchange.db import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run_migrations_offline():
    context.configure(
        url=db.engine.url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def skip_empty_revision(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    connectable = config.attributes.get("connection") or db.engine
    if hasattr(connectable, "connect") and not hasattr(connectable, "in_transaction"):
        with connectable.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # A batch migration copies a table and drops the old one; with foreign keys
                # on, SQLite refuses to drop a table that rows refer to. The pragma only
                # works outside a transaction, so it is set on the driver's connection.
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            try:
                _run(connection, skip_empty_revision)
            finally:
                if sqlite:
                    connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    else:
        _run(connectable, skip_empty_revision)


def _run(connection, process_revision_directives):
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        process_revision_directives=process_revision_directives,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
