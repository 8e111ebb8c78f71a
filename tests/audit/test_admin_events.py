"""Each admin action through the app writes an audit event with old and new values, no secrets."""

import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db

GOOD = "a fresh long passphrase 7"


def events(app, action):
    with app.app_context():
        return [
            (e.actor_name, e.object_id, e.changes, e.ip_address, e.request_id, e.district_id)
            for e in db.session.scalars(
                sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        ]


def test_each_admin_action_is_recorded(app, client, auth, world):
    auth.login("admin")
    client.post(
        f"/org/districts/{world.cd}/edit",
        data={"code": "cdedz", "name": "成都经开区", "name_en": "CDEDZ", "province": "四川省"},
    )
    client.post(
        f"/org/departments/{world.cd_auto}/edit",
        data={"name": "汽车产业局", "name_en": "", "parent_id": ""},
    )
    client.post(
        "/org/accounts/new",
        data={
            "username": "hr.two",
            "display_name": "人事二",
            "role": "hr",
            "district_id": str(world.cd),
            "password": GOOD,
            "confirm": GOOD,
        },
    )
    client.post(
        f"/org/accounts/{world.user_ids['hr_cd']}/edit",
        data={
            "display_name": "经开区组织部",
            "role": "hr",
            "district_id": str(world.cd),
            "active": "y",
        },
    )
    client.post(
        f"/org/accounts/{world.user_ids['hr_cd']}/password",
        data={"password": GOOD, "confirm": GOOD},
    )

    [(actor, obj, changes, ip, rid, district)] = events(app, "district.update")
    assert actor == "admin" and obj == world.cd and changes["name_en"] == ["cdedz", "CDEDZ"]
    assert ip == "127.0.0.1" and rid and district == world.cd
    [(_, obj, changes, *_rest)] = events(app, "department.update")
    assert obj == world.cd_auto and changes["name"] == ["汽车产业发展局", "汽车产业局"]
    [(_, _, changes, *_rest)] = events(app, "user.create")
    assert changes["username"] == [None, "hr.two"]
    [(_, obj, changes, *_rest)] = events(app, "user.update")
    assert obj == world.user_ids["hr_cd"] and changes == {
        "display_name": ["hr.cdedz", "经开区组织部"]
    }
    [(_, _, changes, *_rest)] = events(app, "user.password_reset")
    assert changes["password_hash"] == ["***", "***"]

    with app.app_context():
        secrets = [u.password_hash for u in db.session.scalars(sa.select(User))]
        secrets += [u.session_token for u in db.session.scalars(sa.select(User))]
        trail = " ".join(str(e.changes) for e in db.session.scalars(sa.select(AuditEvent)))
    assert GOOD not in trail
    assert not any(secret in trail for secret in secrets)


def test_refused_input_writes_nothing(app, client, auth, world):
    auth.login("admin")
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))
    response = client.post("/org/districts/new", data={"code": "tianfu", "name": "新区"})
    assert response.status_code == 400
    with app.app_context():
        after = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))
    assert after == before
