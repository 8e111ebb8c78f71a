"""The container entrypoint waits for the database, migrates it, then runs the command.

Run here as a plain shell script against a database of the test's own (SQLite, and the
suite's PostgreSQL server when there is one), and against a port where nothing listens.
"""

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from tests.ops.test_health import dead_port

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "docker-entrypoint.sh"


def run_entrypoint(database_url: str, *command: str, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "EXCHANGE_ENV_FILE": os.devnull,
        "EXCHANGE_CONFIG": "development",
        "DATABASE_URL": database_url,
        **env,
    }
    return subprocess.run(
        [str(ENTRYPOINT), *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_entrypoint_is_executable():
    assert os.access(ENTRYPOINT, os.X_OK)


def test_migrates_then_runs_the_command(own_database):
    result = run_entrypoint(own_database, "sh", "-c", "echo serving")
    assert result.returncode == 0, result.stderr
    assert "The database answers." in result.stdout
    assert result.stdout.strip().endswith("serving")
    engine = sa.create_engine(own_database)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            assert sa.inspect(conn).has_table("posting")
    finally:
        engine.dispose()


def test_a_database_that_never_answers_stops_the_container():
    url = f"postgresql+psycopg://exchange@127.0.0.1:{dead_port()}/exchange"
    result = run_entrypoint(url, "sh", "-c", "echo serving", DB_WAIT_SECONDS="2")
    assert result.returncode != 0
    assert "did not answer within 2 s" in result.stderr
    assert "serving" not in result.stdout


def test_migrations_can_be_left_to_another_container():
    url = f"postgresql+psycopg://exchange@127.0.0.1:{dead_port()}/exchange"
    result = run_entrypoint(url, "sh", "-c", "echo jobs", EXCHANGE_MIGRATE="0")
    assert result.returncode == 0 and result.stdout.strip() == "jobs"
