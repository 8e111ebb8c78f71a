"""Fixtures of the reports tests."""

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db


@pytest.fixture
def user_of(world):
    """``user_of("zx")``: the world's user object in the current session."""

    def load(key):
        return db.session.scalar(sa.select(User).where(User.username == world.users[key]))

    return load
