"""No list page has SQLite sort every matching row to show one page.

SQLite plans without statistics (``ANALYZE`` is never run: see the 20261128 migration),
so its choice of index does not depend on the data: the plan in this test's small
database is the plan on a region's. A list page reads its rows in its order from an index
and stops after a page (keyset paging). An index that makes an equality look better (a
status-led index once made the report list read every submitted report through it and
sort a million of them, 1.2 s a page) shows here as "USE TEMP B-TREE FOR ORDER BY" on the
page's statement.
"""

import pytest
import sqlalchemy as sa

from exchange.extensions import db

# The region-wide lists (an administrator's, a leader's). A district's lists (an HR
# officer's) are read through the district's postings and sorted: a district's rows.
PAGES = ["/roster", "/postings", "/reports", "/cadres", "/audit", "/leave"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role", ["admin", "leader"])
def test_a_list_page_reads_its_page_in_order_from_an_index(app, client, auth, world, path, role):
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans by its statistics")
    seen = []

    def log(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    assert auth.login(world.users[role]).status_code == 302
    sa.event.listen(engine, "before_cursor_execute", log)
    try:
        assert client.get(path).status_code in (200, 403), path
    finally:
        sa.event.remove(engine, "before_cursor_execute", log)
    paged = [(s, p) for s, p in seen if "ORDER BY" in s and "LIMIT" in s]
    assert paged or client.get(path).status_code == 403, path
    with app.app_context():
        for statement, parameters in paged:
            plan = db.session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters
            )
            details = [row[-1] for row in plan]
            assert not [d for d in details if "TEMP B-TREE FOR ORDER BY" in d], (
                path,
                statement[:300],
                details,
            )


def _plans_of(app, client, path):
    """Each SELECT ``path`` sends with its SQLite plan's details."""
    with app.app_context():
        engine = db.engine
    seen = []

    def log(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", log)
    try:
        assert client.get(path).status_code == 200, path
    finally:
        sa.event.remove(engine, "before_cursor_execute", log)
    with app.app_context():
        connection = db.session.connection()
        return [
            (s, [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + s, p)])
            for s, p in seen
        ]


@pytest.fixture
def sqlite_only(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL plans by its statistics")


def test_a_searched_roster_sorts_its_matches_from_the_cadre_index(
    app, client, auth, world, sqlite_only
):
    """A search's page of ids is sorted from the cadres' index alone: reading each matched
    posting's row for its start took 1.7 of a search's 14 ms at 100,000 postings."""
    assert auth.login(world.users["admin"]).status_code == 302
    pages = [
        details
        for statement, details in _plans_of(app, client, "/roster?q=zx")
        if "AS page" in statement
    ]
    assert pages, "the searched roster no longer reads a page of ids first"
    assert any("COVERING INDEX ix_posting_cadre_start_status" in d for d in pages[0]), pages[0]


def test_a_district_roster_of_a_past_day_reads_the_district_indexes(
    app, client, auth, world, sqlite_only
):
    """The roster of a district on a past day reads the district's postings by their
    district indexes. Without statistics SQLite's choice turns on the other indexes of
    the table: with the cadre index as (cadre, status, start) it walked every posting
    started before the day instead (8.7 against 1.7 ms at 100,000 postings)."""
    assert auth.login(world.users["admin"]).status_code == 302
    path = f"/roster?district={world.lj}&as_of=2026-06-01"
    rows = [d for s, d in _plans_of(app, client, path) if "AS sort_key" in s]
    assert rows, "the roster's rows statement was not seen"
    assert any("MULTI-INDEX OR" in d for d in rows[0]), rows[0]


def test_an_hr_report_list_first_reads_the_newest_reports_in_order(
    app, client, auth, world, sqlite_only
):
    """An HR officer's report list first reads the region's newest reports by date, each
    tested for the district, and stops at its page; a district's reports were all read
    and sorted (18.8 ms a page for the busiest district at 1,000,000 reports)."""
    assert auth.login(world.users["hr_lj"]).status_code == 302
    first = [
        details
        for statement, details in _plans_of(app, client, "/reports")
        if "ORDER BY" in statement and "report_date >=" in statement
    ]
    assert first, "the report list no longer looks through the newest reports first"
    assert any("ix_reflection_log_report_date" in d for d in first[0]), first[0]
    assert not [d for d in first[0] if "TEMP B-TREE FOR ORDER BY" in d], first[0]


@pytest.mark.parametrize("role, path", [("hr_lj", "/roster"), ("admin", "/roster?district=1")])
def test_a_districts_roster_sorts_ids_and_joins_only_its_page(
    app, client, auth, world, sqlite_only, role, path
):
    """A district's roster (an HR officer's, or one district chosen) sorts the district's
    postings as ids and joins its six tables to the page's rows only: joining the busiest
    district's 4,000 postings before sorting them took 13 ms, the ids 1.1 ms."""
    assert auth.login(world.users[role]).status_code == 302
    rows = [s for s, _d in _plans_of(app, client, path) if "AS sort_key" in s]
    assert rows and "AS page" in rows[0], rows[:1]
