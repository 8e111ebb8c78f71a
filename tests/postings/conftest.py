"""Fixtures for posting tests: a programme with term rules and a cadre free to be posted."""

from datetime import date
from types import SimpleNamespace

import pytest

from exchange.auth.models import User
from exchange.extensions import db
from exchange.programmes.models import TermRule
from tests import factories as f


@pytest.fixture
def rctx(ctx):
    """A request context too: translated messages need the request's locale (Chinese)."""
    with ctx.test_request_context():
        yield ctx


@pytest.fixture
def users(rctx, world):
    """The world's users, by role key, loaded in the test's app context."""
    return SimpleNamespace(
        **{key: db.session.get(User, uid) for key, uid in world.user_ids.items()}
    )


@pytest.fixture
def setup(rctx, world):
    """A 2027 programme (两江 ⇄ 天府, quota 2 each way) with term rules, and a free cadre."""
    from exchange.cadres.models import Cadre
    from exchange.org.models import Department, District

    lj, tf = db.session.get(District, world.lj), db.session.get(District, world.tf)
    programme = f.create_programme(
        [lj, tf],
        name="2027批次",
        start_date=date(2027, 1, 1),
        end_date=date(2029, 12, 31),
        standard_term_months=6,
        quotas=[(lj, tf, 2), (tf, lj, 2)],
    )
    for kind, value in (
        ("min_initial_term_months", 3),
        ("max_initial_term_months", 12),
        ("max_total_extension_months", 6),
        ("max_career_months", 24),
        ("min_gap_days", 90),
    ):
        programme.term_rules.append(TermRule(kind=kind, value=value, source=f"协议第{value}条"))
    db.session.flush()
    return SimpleNamespace(
        programme=programme,
        cadre=db.session.get(Cadre, world.cadre_other),
        lj=lj,
        tf=tf,
        home=db.session.get(Department, world.lj_science),
        host=db.session.get(Department, world.tf_hq),
    )
