"""District, department and account pages: messages next to fields in Chinese, 400, nothing written."""

import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db
from exchange.org.models import Department, District
from tests.factories import PASSWORD

GOOD = "a fresh long passphrase 7"


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_district_list_and_tree(client, auth, world):
    auth.login("admin")
    body = client.get("/org/districts").get_data(as_text=True)
    assert "两江新区" in body and "四川天府新区" in body
    body = client.get(f"/org/districts/{world.lj}").get_data(as_text=True)
    assert "现代服务业局" in body and "科技创新局" in body
    assert "删除" not in body  # nothing here deletes


def test_duplicate_district_name_is_shown_next_to_the_field(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        "/org/districts/new", data={"code": "tf2", "name": "四川天府新区", "province": "四川省"}
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="name-error"' in body and "已有区域使用此名称" in body
    assert count(app, District) == 3


def test_missing_district_fields_give_400_in_chinese(app, client, auth, world):
    auth.login("admin")
    response = client.post("/org/districts/new", data={"code": "a b", "name": ""})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="code-error"' in body and 'id="name-error"' in body
    assert "只能使用字母" in body
    assert count(app, District) == 3


def test_create_district_then_department(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        "/org/districts/new", data={"code": "guangan", "name": "广安市", "province": "四川省"}
    )
    assert response.status_code == 302
    with app.app_context():
        district_id = db.session.scalar(sa.select(District.id).where(District.code == "guangan"))
    response = client.post(
        f"/org/districts/{district_id}/departments/new", data={"name": "组织部", "parent_id": ""}
    )
    assert response.status_code == 302
    assert count(app, Department, Department.district_id == district_id) == 1
    assert count(app, AuditEvent, AuditEvent.action == "department.create") == 1


def test_department_parent_from_another_district_is_refused(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        f"/org/departments/{world.lj_science}/edit",
        data={"name": "科技创新局", "parent_id": str(world.tf_hq)},
    )
    assert response.status_code == 400
    assert 'id="parent_id-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Department, world.lj_science).parent_id is None


def test_department_cycle_is_refused_with_a_message(app, client, auth, world):
    auth.login("admin")
    assert (
        client.post(
            f"/org/departments/{world.lj_science}/edit",
            data={"name": "科技创新局", "parent_id": str(world.lj_services)},
        ).status_code
        == 302
    )
    response = client.post(
        f"/org/departments/{world.lj_services}/edit",
        data={"name": "现代服务业局", "parent_id": str(world.lj_science)},
    )
    assert response.status_code == 400
    assert "不能隶属于自身或其下级部门" in response.get_data(as_text=True)


def test_account_list_filters(client, auth, world):
    auth.login("admin")
    body = client.get(f"/org/accounts?role=hr&district_id={world.tf}&active=1").get_data(
        as_text=True
    )
    assert "hr.tianfu" in body and "hr.liangjiang" not in body and "zhangxiang" not in body
    # Nonsense filters narrow nothing and break nothing.
    assert client.get("/org/accounts?role=x&district_id=abc&active=7").status_code == 200


def test_create_account_form_rejects_bad_input_in_chinese(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        "/org/accounts/new",
        data={
            "username": "hr.new",
            "display_name": "新人事",
            "role": "hr",
            "district_id": "",
            "cadre_id": "",
            "password": "short",
            "confirm": "short",
        },
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="district_id-error"' in body and 'id="password-error"' in body
    assert "组织人事" in body and "至少" in body
    assert count(app, User, User.username == "hr.new") == 0


def test_create_official_account_offers_only_free_cadres(app, client, auth, world):
    auth.login("admin")
    body = client.get("/org/accounts/new").get_data(as_text=True)
    assert "李晓雯" in body and "张想 ·" not in body
    response = client.post(
        "/org/accounts/new",
        data={
            "username": "lixiaowen",
            "display_name": "李晓雯",
            "role": "cadre",
            "cadre_id": str(world.cadre_other),
            "password": GOOD,
            "confirm": GOOD,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "lixiaowen"))
        assert user.cadre_id == world.cadre_other and user.role == "cadre"


def test_disabling_an_account_ends_its_open_session(app, auth, world):
    official = app.test_client()
    assert (
        official.post("/login", data={"username": "hr.tianfu", "password": PASSWORD}).status_code
        == 302
    )
    assert official.get("/").status_code == 200
    auth.login("admin")
    admin = auth._client
    response = admin.post(
        f"/org/accounts/{world.user_ids['hr_tf']}/edit",
        data={"display_name": "天府组织部", "role": "hr", "district_id": str(world.tf)},
    )
    assert response.status_code == 302
    response = official.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.app_context():
        [event] = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "user.disable")
        ).all()
        assert event.changes["active"] == [True, False]


def test_last_admin_cannot_disable_themselves(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        f"/org/accounts/{world.user_ids['admin']}/edit",
        data={"display_name": "管理员", "role": "admin"},
    )
    assert response.status_code == 400
    assert "最后一个" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, world.user_ids["admin"]).active is True
    assert client.get("/org/accounts").status_code == 200  # still logged in


def test_admin_password_reset_ends_sessions(app, auth, world):
    official = app.test_client()
    official.post("/login", data={"username": "zhangxiang", "password": PASSWORD})
    auth.login("admin")
    admin = auth._client
    url = f"/org/accounts/{world.user_ids['zx']}/password"
    response = admin.post(url, data={"password": GOOD, "confirm": GOOD + "x"})
    assert response.status_code == 400 and "两次" in response.get_data(as_text=True)
    assert official.get("/").status_code == 200
    assert admin.post(url, data={"password": GOOD, "confirm": GOOD}).status_code == 302
    assert official.get("/").status_code == 302
    fresh = app.test_client()
    assert (
        fresh.post("/login", data={"username": "zhangxiang", "password": GOOD}).status_code == 302
    )


def test_mass_assignment_fields_are_ignored(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        f"/org/accounts/{world.user_ids['leader']}/edit",
        data={
            "display_name": "领导",
            "role": "leader",
            "active": "y",
            "username": "root",
            "password_hash": "x",
            "session_token": "x",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        leader = db.session.get(User, world.user_ids["leader"])
        assert leader.username == "leader" and leader.password_hash != "x"


def test_control_characters_never_reach_the_database(app, client, auth, world):
    auth.login("admin")
    response = client.post(
        "/org/districts/new", data={"code": "guangan", "name": "广安\x07市\n", "province": "\x1b"}
    )
    assert response.status_code == 302
    with app.app_context():
        district = db.session.scalar(sa.select(District).where(District.code == "guangan"))
        assert district.name == "广安市" and district.province == ""
    # NUL is refused for the whole request before any view runs (exchange/security.py).
    response = client.post("/org/districts/new", data={"code": "suining", "name": "遂宁\x00市"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(District).where(District.code == "suining")) is None


def test_display_order_sets_where_a_district_lists(app, client, auth, world):
    auth.login("admin")
    body = client.get("/org/districts").get_data(as_text=True)
    assert body.index("成都经开区") < body.index("两江新区")  # all 0: by pinyin
    edit = client.get(f"/org/districts/{world.lj}/edit").get_data(as_text=True)
    assert "显示顺序" in edit
    data = {"code": "liangjiang", "name": "两江新区", "province": "重庆市"}
    bad = client.post(f"/org/districts/{world.lj}/edit", data={**data, "display_order": "10000"})
    assert bad.status_code == 400 and "0 到 9999" in bad.get_data(as_text=True)
    ok = client.post(
        f"/org/districts/{world.cd}/edit",
        data={"code": "cdedz", "name": "成都经开区", "display_order": "9"},
    )
    assert ok.status_code == 302
    body = client.get("/org/districts").get_data(as_text=True)
    assert body.index("两江新区") < body.index("成都经开区")
    roster = client.get("/roster").get_data(as_text=True)
    options = roster[roster.index('id="district"') :]
    assert options.index("两江新区") < options.index("成都经开区")
