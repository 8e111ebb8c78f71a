"""Programme services: who may draft or change one, the checks with their codes, the stale form."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.programmes.models import Programme
from exchange.programmes.services import ProgrammeData, save_programme


def codes(error):
    """The refusal's reasons as (field, code) pairs: tests compare codes, never wording."""
    return {(reason.field, reason.code) for reason in error.value.reasons}


@pytest.fixture
def user_of(ctx, world):
    def load(key):
        return db.session.get(User, world.user_ids[key])

    return load


def data(world, **kw):
    values = {
        "name": "2027年第三批",
        "start_date": date(2027, 1, 1),
        "end_date": date(2027, 12, 31),
        "standard_term_months": 6,
        "report_cadence_months": 1,
        "district_ids": [world.lj, world.tf],
        "quotas": {(world.lj, world.tf): 3},
        "term_rules": {"max_initial_term_months": (12, "协议")},
    }
    values.update(kw)
    return ProgrammeData(**values)


def count():
    return db.session.scalar(sa.select(sa.func.count(Programme.id)))


@pytest.mark.parametrize("who", ["admin", "hr_lj"])
def test_admin_and_member_hr_draft_a_programme(user_of, world, who):
    programme = save_programme(None, data(world), user_of(who))
    assert {d.id for d in programme.districts} == {world.lj, world.tf}


@pytest.mark.parametrize("who", ["leader", "zx"])
def test_others_may_not_draft_a_programme(user_of, world, who):
    before = count()
    with pytest.raises(NotAllowed) as refused:
        save_programme(None, data(world), user_of(who))
    assert codes(refused) == {(None, "not_allowed")}
    assert count() == before


@pytest.mark.parametrize("who", ["hr_tf", "leader", "zx"])
def test_only_members_change_a_programme(user_of, world, who):
    lj_cd = data(world, district_ids=[world.lj, world.cd], quotas={})
    programme = save_programme(None, lj_cd, user_of("hr_lj"))
    with pytest.raises(NotAllowed):
        save_programme(programme, data(world), user_of(who), programme.version)


def test_member_hr_does_not_save_a_programme_in_force_directly(user_of, world):
    """A member's change is proposed (exchange.programmes.changes); saving it is refused."""
    programme = db.session.get(Programme, world.programme)
    with pytest.raises(NotAllowed) as refused:
        save_programme(programme, data(world, name=programme.name), user_of("hr_lj"))
    assert codes(refused) == {(None, "propose_instead")}


def test_hr_drafts_only_with_its_own_district(user_of, world):
    with pytest.raises(DomainError) as refused:
        save_programme(
            None, data(world, district_ids=[world.tf, world.cd], quotas={}), user_of("hr_lj")
        )
    assert codes(refused) == {("district_ids", "own_district")}


def test_every_check_has_its_code(user_of, world):
    bad = data(
        world,
        name="测试交流批次",  # the world's programme
        end_date=date(2026, 12, 31),
        standard_term_months=0,
        report_cadence_months=0,
        district_ids=[world.lj],
        quotas={(world.lj, world.tf): -1, (world.lj, world.cd): 2},
        term_rules={"max_initial_term_months": (-1, "")},
    )
    with pytest.raises(DomainError) as refused:
        save_programme(None, bad, user_of("admin"))
    assert codes(refused) == {
        ("name", "taken"),
        ("end_date", "before_start"),
        ("standard_term_months", "too_small"),
        ("report_cadence_months", "too_small"),
        ("district_ids", "too_few"),
        (f"quota_{world.lj}_{world.tf}", "not_member"),
        (f"quota_{world.lj}_{world.cd}", "not_member"),
        ("rule_max_initial_term_months", "negative"),
    }


def test_a_negative_quota_is_refused(user_of, world):
    with pytest.raises(DomainError) as refused:
        save_programme(None, data(world, quotas={(world.lj, world.tf): -1}), user_of("admin"))
    assert codes(refused) == {(f"quota_{world.lj}_{world.tf}", "negative")}


def test_a_stale_form_is_a_conflict(user_of, world):
    programme = save_programme(None, data(world), user_of("admin"))
    db.session.flush()
    opened = programme.version
    save_programme(programme, data(world, team_leader="李晓雯"), user_of("admin"), opened)
    db.session.flush()
    with pytest.raises(ConflictError) as refused:
        save_programme(programme, data(world, team_leader="旧表单"), user_of("admin"), opened)
    assert codes(refused) == {("version", "stale")}


def test_a_member_with_unfinished_postings_cannot_leave(user_of, world):
    """成都 sends 丁曌 (in post) under the world's programme: it may not be removed."""
    programme = db.session.get(Programme, world.programme)
    without_chengdu = data(
        world,
        name=programme.name,
        start_date=programme.start_date,
        end_date=programme.end_date,
        district_ids=[world.lj, world.tf],
        quotas={},
    )
    with pytest.raises(DomainError) as refused:
        save_programme(programme, without_chengdu, user_of("admin"), programme.version)
    assert codes(refused) == {("district_ids", "has_postings")}
    assert world.cd in {d.id for d in programme.districts}


def test_a_change_of_quotas_alone_moves_the_version(user_of, world):
    programme = save_programme(None, data(world), user_of("admin"))
    db.session.flush()
    opened = programme.version
    save_programme(
        programme, data(world, quotas={(world.lj, world.tf): 2}), user_of("admin"), opened
    )
    db.session.flush()
    assert programme.version == opened + 1


def test_every_member_sees_the_programme_change(user_of, world, client, auth):
    """Created with three members: each member's HR finds it in the audit trail and in
    the programme page's changes; HR of a district outside it does not."""
    from exchange import policy
    from exchange.audit.models import AuditEvent

    three = data(world, district_ids=[world.lj, world.tf, world.cd])
    programme = save_programme(None, three, user_of("hr_tf"))
    db.session.commit()
    for key in ("hr_lj", "hr_tf", "hr_cd"):
        seen = db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.action == "programme.create",
                AuditEvent.object_id == programme.id,
                policy.audit_scope(user_of(key)),
            )
        ).all()
        assert len(seen) == 1, key
    auth.login("hr.cdedz")
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert page.count("programme.create") == 1
    auth.logout()
    auth.login("admin")
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert page.count("programme.create") == 1  # recorded for two pairs, shown once
