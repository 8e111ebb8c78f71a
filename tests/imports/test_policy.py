"""The predicates of imports, historic postings and proposal deletion, with their scope."""

import sqlalchemy as sa

from exchange import policy
from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.imports.models import ImportRun
from exchange.postings.models import Posting


def _users():
    return {u.username: u for u in db.session.scalars(sa.select(User))}


def test_who_imports_and_sees_a_run(ctx, world):
    users = _users()
    run = ImportRun(
        kind="cadres",
        filename="a.csv",
        sha256="0" * 64,
        size=1,
        created_by_id=users["hr.liangjiang"].id,
        district_id=world.lj,
    )
    db.session.add(run)
    db.session.flush()
    expected_import = {"admin", "hr.liangjiang", "hr.tianfu", "hr.cdedz"}
    assert {n for n, u in users.items() if policy.can_import(u)} == expected_import
    assert {n for n, u in users.items() if policy.can_view_import(u, run)} == {
        "admin",
        "hr.liangjiang",
    }
    for user in users.values():
        visible = set(db.session.scalars(sa.select(ImportRun.id).where(policy.import_scope(user))))
        assert visible == ({run.id} if policy.can_view_import(user, run) else set()), user.username


def test_historic_postings_and_deleting_proposals_belong_to_the_home_side(ctx, world):
    users = _users()
    zx = db.session.get(Cadre, world.cadre_zx)
    allowed = {n for n, u in users.items() if policy.can_record_historic_posting(u, zx)}
    assert allowed == {"admin", "hr.liangjiang"}
    posting = db.session.get(Posting, world.p_zx)
    assert not any(policy.can_delete_proposal(u, posting) for u in users.values())  # active
    posting.status = "proposed"
    allowed = {n for n, u in users.items() if policy.can_delete_proposal(u, posting)}
    assert allowed == {"admin", "hr.liangjiang"}
