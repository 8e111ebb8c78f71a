"""Appraisal fixtures: the world's users in a request context, 张想's posting, a clock."""

from datetime import date
from types import SimpleNamespace

import pytest

from exchange.auth.models import User
from exchange.extensions import db
from exchange.postings.models import Posting


@pytest.fixture
def rctx(ctx):
    with ctx.test_request_context():
        yield ctx


@pytest.fixture
def users(rctx, world):
    return SimpleNamespace(
        **{key: db.session.get(User, uid) for key, uid in world.user_ids.items()}
    )


@pytest.fixture
def posting(users, world):
    """张想's posting, 2026-06-01 to 2026-12-31, host 天府, home 两江."""
    return db.session.get(Posting, world.p_zx)


@pytest.fixture
def on(app):
    """Set the app's today: ``on(date(2026, 12, 5))``."""

    def set_today(day: date):
        app.config["TODAY"] = day

    return set_today
