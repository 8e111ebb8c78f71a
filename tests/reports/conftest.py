"""Fixtures of the reports tests."""

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db


@pytest.fixture
def count_queries(app):
    """``with count_queries() as statements:`` collects the SQL run inside the block."""

    @contextmanager
    def counting():
        statements = []

        def listener(conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
                statements.append(statement)

        engine = db.session.get_bind()
        engine = getattr(engine, "engine", engine)
        sa.event.listen(engine, "before_cursor_execute", listener)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", listener)

    return counting


@pytest.fixture
def user_of(world):
    """``user_of("zx")``: the world's user object in the current session."""

    def load(key):
        return db.session.scalar(sa.select(User).where(User.username == world.users[key]))

    return load
