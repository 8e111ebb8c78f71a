"""The Alembic history builds the schema on SQLite and PostgreSQL, and matches the models."""

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from exchange import create_app
from exchange.extensions import db
from tests.conftest import reset_database
from tests.databases import worker_suffix

DATABASES = ["sqlite"]
if os.environ.get("EXCHANGE_TEST_DATABASE_URL"):
    DATABASES.append("postgresql")


@pytest.fixture(params=DATABASES)
def scratch_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/migrate.db"
        return
    # A database of its own, so the suite's database is left alone.
    base = os.environ["EXCHANGE_TEST_DATABASE_URL"]
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"{sa.engine.make_url(base).database}_migrations{worker_suffix()}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    url = sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
    yield url
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def table_names(url):
    engine = sa.create_engine(url)
    names = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    return names


def drift(app):
    """The differences between the migrated schema and the models (empty when they agree)."""
    with app.app_context():
        try:
            with db.engine.connect() as conn:
                context = MigrationContext.configure(
                    conn, opts={"compare_type": True, "render_as_batch": True}
                )
                return compare_metadata(context, db.metadata)
        finally:
            db.engine.dispose()


def test_upgrade_downgrade_upgrade_round_trip(scratch_url):
    reset_database(scratch_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": scratch_url})
    with app.app_context():
        upgrade()
        assert table_names(scratch_url) == set(db.metadata.tables)
        downgrade(revision="base")
        assert table_names(scratch_url) == set()
        upgrade()
        assert table_names(scratch_url) == set(db.metadata.tables)
        db.engine.dispose()
    assert drift(app) == []


def test_drift_is_detected_when_models_and_migrations_disagree(scratch_url):
    reset_database(scratch_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": scratch_url})
    with app.app_context():
        upgrade()
        # A table the migrations never created: the comparison must notice.
        extra = sa.Table("not_migrated", db.metadata, sa.Column("id", sa.Integer, primary_key=True))
        try:
            diffs = drift(app)
        finally:
            db.metadata.remove(extra)
        db.engine.dispose()
    assert any(d[0] == "add_table" and d[1].name == "not_migrated" for d in diffs)
