"""Fixtures of the daily-management tests: users and records of the ``world`` fixture,
loaded in the test's app context."""

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db
from exchange.postings.models import Posting


@pytest.fixture
def user(ctx, world):
    """``user("hr_tf")``: the world's account for a role key, in this context."""

    def get(key: str) -> User:
        return db.session.scalar(sa.select(User).where(User.id == world.user_ids[key]))

    return get


@pytest.fixture
def posting_zx(ctx, world) -> Posting:
    """张想's active posting: home 两江 (hr_lj), host 天府 (hr_tf), 2026-06-01 – 2026-12-31."""
    return db.session.get(Posting, world.p_zx)


@pytest.fixture
def everyone(user):
    """Every account of the world, by role key."""
    return {key: user(key) for key in ("admin", "hr_lj", "hr_tf", "hr_cd", "leader", "zx", "dz")}
