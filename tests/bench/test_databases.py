"""make bench works only in databases made for it (bench/databases.py).

Its old PostgreSQL path dropped the public schema of whatever database it was given. Now
the name in BENCH_DATABASE_URL must start with "bench", the databases it works in are its
own (marked with a comment), and anything else is refused before a statement is sent.
"""

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench import databases
from bench.databases import MARK, Refused, check_prefix, decide
from tests.databases import postgres_url, worker_suffix

KEY = "s1_seed1_abc_def"


@pytest.mark.parametrize("name", ["exchange", "hb", "postgres", "test_bench", "", None])
def test_a_url_not_naming_a_bench_database_is_refused(name):
    with pytest.raises(Refused, match="Nothing was touched"):
        check_prefix(name)


def test_a_bench_database_name_is_accepted():
    assert check_prefix("bench") == "bench"
    assert check_prefix("bench_ci") == "bench_ci"


def test_the_server_is_refused_before_it_is_reached():
    with pytest.raises(Refused):
        databases.Server("postgresql+psycopg://postgres@127.0.0.1:9/exchange")


@pytest.mark.parametrize("exists", [True, False])
def test_a_database_not_named_bench_that_it_did_not_create_is_refused(exists):
    with pytest.raises(Refused):
        decide("exchange", exists, None, KEY)
    with pytest.raises(Refused):
        decide("exchange", exists, "the production database", KEY)


def test_a_database_it_created_is_its_own_whatever_its_name():
    assert decide("scratch", True, f"{MARK} {KEY} complete", KEY) == "reuse"
    assert decide("scratch", True, f"{MARK} {KEY} building", KEY) == "rebuild"


def test_a_bench_named_database_is_created_reused_or_rebuilt_only_when_it_is_its_own():
    assert decide("bench_s1", False, None, KEY) == "create"
    assert decide("bench_s1", True, f"{MARK} {KEY} complete", KEY) == "reuse"
    assert decide("bench_s1", True, f"{MARK} {KEY} building", KEY) == "rebuild"
    assert decide("bench_s1", True, f"{MARK} other_key complete", KEY) == "rebuild"
    with pytest.raises(Refused, match="not made by make bench"):
        decide("bench_s1", True, None, KEY)  # someone's own bench database: left alone


@pytest.mark.postgres
def test_on_a_real_server_a_database_without_its_mark_is_left_as_it_is():
    url = make_url(postgres_url())
    name = f"bench_unmarked{worker_suffix()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server = databases.Server(url.set(database="bench").render_as_string(hide_password=False))
    try:
        with pytest.raises(Refused):
            server.fresh(name, KEY)
        with pytest.raises(Refused):
            server.drop(name)
        assert name in server.databases()
    finally:
        server.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
