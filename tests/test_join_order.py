"""List pages tell PostgreSQL to join in the order written (exchange.db.joins_as_written):
only inside the block, and the rest of the transaction plans as usual."""

import pytest
import sqlalchemy as sa

from exchange.db import joins_as_written
from exchange.extensions import db


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
