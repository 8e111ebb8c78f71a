"""List pages tell PostgreSQL to join in the order written (exchange.db.joins_as_written):
only inside the block, and the rest of the transaction plans as usual."""

import re

import pytest
import sqlalchemy as sa

from exchange.db import joins_as_written
from exchange.extensions import db
from tests.security.helpers import login_session


def _limit() -> str:
    return db.session.execute(sa.text("SHOW join_collapse_limit")).scalar_one()


def test_the_join_order_is_fixed_only_inside_the_block(ctx):
    if db.session.get_bind().dialect.name != "postgresql":
        with joins_as_written(db.session):  # SQLite: nothing to set, nothing sent
            assert db.session.execute(sa.text("SELECT 1")).scalar_one() == 1
        pytest.skip("a PostgreSQL setting")
    before = _limit()
    with joins_as_written(db.session):
        assert _limit() == "1"
    assert _limit() == before
    with pytest.raises(RuntimeError), joins_as_written(db.session):
        raise RuntimeError("a failing query")
    assert _limit() == before


# A LIMIT sent as a parameter: "LIMIT ?" (SQLite), "LIMIT %(param_1)s" (PostgreSQL).
_LIMIT_SENT = re.compile(r"\b(?:LIMIT|OFFSET)\s+(?:\?|%\(|\$\d)", re.IGNORECASE)
_LIMIT_WRITTEN = re.compile(r"\bLIMIT\s+\d+", re.IGNORECASE)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("admin", "/roster"),
        ("admin", "/roster?district={district}&as_of=2026-03-01"),
        ("hr_lj", "/roster"),
        ("leader", "/postings"),
        ("leader", "/cadres"),
        ("leader", "/reports"),
        ("admin", "/audit"),
    ],
)
def test_list_pages_write_their_limits_into_the_statement(
    app, client, world, count_queries, role, url
):
    """A page's LIMIT (and a window's OFFSET) is the app's constant, written into the
    statement: PostgreSQL then plans a page's statement once per connection instead of
    on every request (a LIMIT parameter is planned as if it might read a tenth of the
    table, 2–4 ms for the roster's joins). The jump to page n sends its offset."""
    login_session(client, app, world.users[role])
    page = url.format(district=world.lj)
    client.get(page)
    with count_queries() as log:
        assert client.get(page).status_code == 200
    listing = [s for s in log.statements if _LIMIT_WRITTEN.search(s)]
    assert listing, log.statements
    # SQLite's dialect adds "OFFSET ?" (0) to every LIMIT; PostgreSQL's adds nothing.
    sent = [s for s in log.statements if _LIMIT_SENT.search(s.replace("OFFSET ?", ""))]
    assert not sent, sent
