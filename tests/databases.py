"""Databases of a test's own: a SQLite file, or a PostgreSQL database made for the test.

The PostgreSQL one is ``<suite database>_<suffix>`` on the server of
EXCHANGE_TEST_DATABASE_URL, dropped afterwards; without that server the case is skipped
(a failure under EXCHANGE_REQUIRE_SERVICES=1, as in CI).
"""

import os
import shutil

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url


def worker_suffix() -> str:
    """``_gw0`` under pytest-xdist (each worker's databases are its own), else nothing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"_{worker}" if worker else ""


def postgres_url() -> str:
    url = os.environ.get("EXCHANGE_TEST_DATABASE_URL", "")
    reason = None
    if not url.startswith("postgresql"):
        reason = "needs EXCHANGE_TEST_DATABASE_URL on PostgreSQL"
    elif not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        reason = "needs pg_dump and pg_restore (postgresql-client)"
    if reason:
        if os.environ.get("EXCHANGE_REQUIRE_SERVICES") == "1":
            pytest.fail(reason + " (EXCHANGE_REQUIRE_SERVICES=1)")
        pytest.skip(reason)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request, tmp_path):
    """The URL of an empty database of this test's own, on each of the two engines."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'own.db'}"
        return
    url = make_url(postgres_url())
    name = f"{url.database}_{request.module.__name__.rsplit('.', 1)[-1][5:]}{worker_suffix()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
