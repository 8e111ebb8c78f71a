"""Districts and departments: unique names, same-district parents, no cycles, audit events."""

import pytest

from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.org.services import (
    DepartmentData,
    DistrictData,
    create_department,
    create_district,
    department_tree,
    update_department,
    update_district,
)
from tests import factories as f


def codes(error):
    """The refusal's reasons as (field, code) pairs: tests compare codes, never wording."""
    return {(reason.field, reason.code) for reason in error.value.reasons}


def test_create_district_writes_an_audit_event(admin, events):
    district = create_district(
        DistrictData(code=" GuangAn ", name=" 广安市 ", name_en="Guang'an", province="四川省"),
        admin,
    )
    assert district.code == "guangan" and district.name == "广安市"
    [event] = events("district.create")
    assert event.object_id == district.id and event.actor_id == admin.id
    assert event.changes["name"] == [None, "广安市"]
    assert event.district_id == district.id


def test_district_code_and_name_are_unique(admin, world):
    with pytest.raises(DomainError) as error:
        create_district(DistrictData(code="tianfu", name="四川天府新区"), admin)
    assert codes(error) == {("code", "taken"), ("name", "taken")}
    with pytest.raises(DomainError) as error:
        create_district(DistrictData(code=" ", name=" "), admin)
    assert codes(error) == {("code", "required"), ("name", "required")}
    assert db.session.query(District).count() == 3


def test_renaming_a_district_to_anothers_name_is_refused(admin, world):
    lj = db.session.get(District, world.lj)
    with pytest.raises(DomainError) as error:
        update_district(lj, DistrictData(code="liangjiang", name="成都经开区"), admin)
    assert codes(error) == {("name", "taken")}


def test_update_district_records_old_and_new(admin, world, events):
    lj = db.session.get(District, world.lj)
    update_district(
        lj,
        DistrictData(code="liangjiang", name="两江新区", name_en="Liangjiang", province="重庆"),
        admin,
    )
    [event] = events("district.update")
    assert event.changes["province"] == ["重庆市", "重庆"]
    assert "name" not in event.changes


def test_saving_an_unchanged_district_writes_no_event(admin, world, events):
    lj = db.session.get(District, world.lj)
    update_district(
        lj,
        DistrictData(code=lj.code, name=lj.name, name_en=lj.name_en, province=lj.province),
        admin,
    )
    assert events("district.update") == []


@pytest.mark.parametrize("who", ["hr_lj", "leader", "zx"])
def test_only_an_admin_may_change_districts_and_departments(user_of, world, who):
    actor = user_of(who)
    lj = db.session.get(District, world.lj)
    calls = (
        lambda: create_district(DistrictData(code="x", name="x"), actor),
        lambda: update_district(lj, DistrictData(code="lj", name="x"), actor),
        lambda: create_department(lj, DepartmentData(name="新部门"), actor),
        lambda: update_department(
            db.session.get(Department, world.lj_science), DepartmentData(name="x"), actor
        ),
    )
    for call in calls:
        with pytest.raises(NotAllowed) as error:
            call()
        assert codes(error) == {(None, "not_allowed")}
    assert lj.code == "liangjiang"


def test_department_names_are_unique_within_a_district_only(admin, world):
    lj = db.session.get(District, world.lj)
    tf = db.session.get(District, world.tf)
    with pytest.raises(DomainError) as error:
        create_department(lj, DepartmentData(name="现代服务业局"), admin)
    assert codes(error) == {("name", "taken")}
    # The same name in another district is fine.
    assert create_department(tf, DepartmentData(name="现代服务业局"), admin).district_id == tf.id


def test_parent_must_be_in_the_same_district(admin, world):
    lj = db.session.get(District, world.lj)
    with pytest.raises(DomainError) as error:
        create_department(lj, DepartmentData(name="新部门", parent_id=world.tf_hq), admin)
    assert codes(error) == {("parent_id", "other_district")}
    with pytest.raises(DomainError) as error:
        create_department(lj, DepartmentData(name="新部门", parent_id=999999), admin)
    assert codes(error) == {("parent_id", "other_district")}


def test_parent_may_not_make_a_cycle(admin, world):
    lj = db.session.get(District, world.lj)
    top = db.session.get(Department, world.lj_services)
    child = f.create_department(lj, "综合处", parent=top)
    grandchild = f.create_department(lj, "综合科", parent=child)
    for parent in (top, grandchild):
        with pytest.raises(DomainError) as error:
            update_department(top, DepartmentData(name=top.name, parent_id=parent.id), admin)
        assert codes(error) == {("parent_id", "loop")}
    db.session.refresh(top)
    assert top.parent_id is None


def test_moving_a_department_records_the_parent_change(admin, world, events):
    science = db.session.get(Department, world.lj_science)
    update_department(
        science, DepartmentData(name="科技创新局", parent_id=world.lj_services), admin
    )
    [event] = events("department.update")
    assert event.changes == {"parent_id": [None, world.lj_services]}
    assert event.district_id == world.lj


def test_department_tree_lists_children_under_their_parent(admin, world):
    lj = db.session.get(District, world.lj)
    services = db.session.get(Department, world.lj_services)
    child = f.create_department(lj, "一处", parent=services)
    tree = [(d.name, depth) for d, depth in department_tree(lj)]
    assert tree == [("科技创新局", 0), ("现代服务业局", 0), (child.name, 1)]  # by pinyin
    services.display_order = 1  # 显示顺序 first, then pinyin
    db.session.get(Department, world.lj_science).display_order = 2
    tree = [(d.name, depth) for d, depth in department_tree(lj)]
    assert tree == [("现代服务业局", 0), (child.name, 1), ("科技创新局", 0)]
