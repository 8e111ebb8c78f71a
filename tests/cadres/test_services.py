"""Cadre services: who may register and change a cadre, the stale form, and the audit event."""

import pytest
import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.cadres.services import CadreData, create_cadre, update_cadre, update_contact
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db


def codes(error):
    """The refusal's reasons as (field, code) pairs: tests compare codes, never wording."""
    return {(reason.field, reason.code) for reason in error.value.reasons}


@pytest.fixture
def user_of(ctx, world):
    def load(key):
        return db.session.get(User, world.user_ids[key])

    return load


def data(department_id, **kw):
    values = {"name": "赵一", "home_department_id": department_id, "home_position": "科长"}
    values.update(kw)
    return CadreData(**values)


def count():
    return db.session.scalar(sa.select(sa.func.count(Cadre.id)))


@pytest.mark.parametrize("who", ["admin", "hr_lj"])
def test_admin_and_home_hr_register_a_cadre_with_an_audit_event(user_of, world, who):
    cadre = create_cadre(data(world.lj_services), user_of(who))
    assert cadre.id and cadre.home_department_id == world.lj_services
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "cadre.create"))
    assert event.object_id == cadre.id and event.district_id == world.lj


@pytest.mark.parametrize("who", ["leader", "zx"])
def test_others_may_not_register_cadres(user_of, world, who):
    before = count()
    with pytest.raises(NotAllowed) as refused:
        create_cadre(data(world.lj_services), user_of(who))
    assert codes(refused) == {(None, "not_allowed")}
    assert count() == before


def test_hr_registers_and_moves_cadres_within_its_own_district_only(user_of, world):
    with pytest.raises(NotAllowed) as refused:
        create_cadre(data(world.lj_services), user_of("hr_tf"))
    assert codes(refused) == {("home_department_id", "other_district")}
    zx = db.session.get(Cadre, world.cadre_zx)
    with pytest.raises(NotAllowed) as refused:
        update_cadre(zx, data(world.tf_hq, name="张想"), user_of("hr_lj"), zx.version)
    assert codes(refused) == {("home_department_id", "other_district")}


def test_an_unknown_department_is_refused(user_of, world):
    with pytest.raises(DomainError) as refused:
        create_cadre(data(999999), user_of("admin"))
    assert codes(refused) == {("home_department_id", "required")}


@pytest.mark.parametrize("who", ["hr_tf", "hr_cd", "leader", "dz", "zx"])
def test_only_admin_and_home_hr_change_a_cadre(user_of, world, who):
    zx = db.session.get(Cadre, world.cadre_zx)
    with pytest.raises(NotAllowed) as refused:
        update_cadre(zx, data(world.lj_services, name="改名"), user_of(who), zx.version)
    assert codes(refused) == {(None, "not_allowed")}
    assert zx.name == "张想"


def test_a_stale_form_is_a_conflict(user_of, world):
    zx = db.session.get(Cadre, world.cadre_zx)
    opened = zx.version
    update_cadre(zx, data(world.lj_services, name="张想", rank="处级"), user_of("hr_lj"), opened)
    with pytest.raises(ConflictError) as refused:
        update_cadre(zx, data(world.lj_services, name="旧表单"), user_of("admin"), opened)
    assert codes(refused) == {("version", "stale")}
    with pytest.raises(ConflictError):
        update_contact(zx, "023-1", "", user_of("zx"), opened)


def test_the_official_changes_only_their_own_contact(user_of, world):
    zx = db.session.get(Cadre, world.cadre_zx)
    update_contact(zx, " 023-1234 ", "zx@example.cn", user_of("zx"), zx.version)
    assert (zx.phone, zx.email) == ("023-1234", "zx@example.cn")
    for who in ("dz", "hr_tf", "leader"):
        with pytest.raises(NotAllowed):
            update_contact(zx, "1", "", user_of(who), zx.version)
