"""Each rule a proposal or extension is checked against, with its message."""

from datetime import date

import pytest

from exchange.errors_domain import DomainError
from exchange.extensions import db
from exchange.org.models import Department
from exchange.postings import services as s
from tests import factories as f
from tests.postings.test_services import messages, proposal


def refused(setup, users, **kw):
    with pytest.raises(DomainError) as e:
        s.propose_posting(proposal(setup, **kw), users.hr_lj)
    return messages(e)


def test_host_in_the_home_district(setup, users):
    assert refused(setup, users, host_department_id=setup.home.id)["host_department_id"] == (
        "接收单位必须在另一个区域。"
    )


def test_end_before_start(setup, users):
    assert refused(setup, users, planned_end_date=date(2027, 2, 1)) == {
        "planned_end_date": "计划结束日期必须晚于开始日期。"
    }


def test_outside_window(setup, users):
    got = refused(setup, users, start_date=date(2026, 11, 1), planned_end_date=date(2027, 3, 1))
    assert "早于本批次的时间范围" in got["start_date"]


def test_district_outside_programme(setup, users, world):
    cd_auto = db.session.get(Department, world.cd_auto)
    got = refused(setup, users, host_department_id=cd_auto.id)
    assert "必须参加交流批次 2027批次" in got["programme_id"]


def test_overlap_names_the_posting(setup, users):
    s.propose_posting(proposal(setup), users.hr_lj)
    got = refused(setup, users, start_date=date(2027, 8, 1), planned_end_date=date(2028, 1, 31))
    assert got["start_date"].startswith("与挂职 李晓雯 · 四川天府新区天府总部商务区")


def test_quota_full(setup, users):
    for name in ("甲", "乙"):
        cadre = f.create_cadre(name, setup.home)
        s.propose_posting(proposal(setup, cadre_id=cadre.id), users.hr_lj)
    assert refused(setup, users)["host_department_id"] == "该方向 2 个名额已满。"


def test_initial_term_limits(setup, users):
    short = refused(setup, users, planned_end_date=date(2027, 4, 30))
    assert "挂职期限最短（月）" in short["planned_end_date"]
    long = refused(setup, users, planned_end_date=date(2028, 3, 1))
    assert "挂职期限最长（月）" in long["planned_end_date"]
    s.propose_posting(proposal(setup, planned_end_date=date(2028, 2, 29)), users.hr_lj)


def test_min_gap(setup, users):
    f.create_posting(
        setup.cadre, setup.host, setup.programme, date(2027, 1, 1), date(2027, 2, 10), "completed"
    )
    got = refused(setup, users)
    assert "视为连续挂职" in got["start_date"]


def test_career_limit(setup, users):
    f.create_posting(
        setup.cadre, setup.host, setup.programme, date(2025, 1, 1), date(2026, 8, 31), "completed"
    )
    got = refused(setup, users, start_date=date(2027, 1, 1), planned_end_date=date(2027, 12, 31))
    assert "累计挂职最长（月）" in got["planned_end_date"]


def test_extension_limit_and_direction(setup, users):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    s.accept_posting(p, users.hr_tf, p.version)
    with pytest.raises(DomainError) as e:
        s.extend_posting(p, users.hr_lj, date(2027, 8, 1), "理由", p.version)
    assert "必须晚于 2027-08-31" in messages(e)["new_end_date"]
    s.extend_posting(p, users.hr_lj, date(2027, 11, 30), "第一次", p.version)
    with pytest.raises(DomainError) as e:
        s.extend_posting(p, users.hr_lj, date(2028, 3, 31), "第二次", p.version)
    assert "累计延期最长（月）" in messages(e)["new_end_date"]
    s.extend_posting(p, users.hr_lj, date(2028, 2, 29), "第二次", p.version)
    assert len(p.extensions) == 2
