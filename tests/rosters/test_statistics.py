"""The batch statistics (统计表) match counts computed here from the rows, within each scope."""

import io
from collections import Counter
from datetime import date, timedelta

import openpyxl
import pytest
import sqlalchemy as sa

from exchange.dates import months_between
from exchange.extensions import db
from exchange.org.models import Department
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.rosters.statistics import programme_statistics
from tests import factories as f
from tests.rosters.conftest import user

TODAY = date(2026, 9, 1)
COUNTED = {"proposed", "accepted", "active", "completed", "ended_early"}


@pytest.fixture
def stats_world(app, roster_world):
    """Beside the roster's postings: a six-month term, one a day short, a declined one."""
    w = roster_world.world
    with app.app_context():
        programme = db.session.get(Programme, w.programme)
        science = db.session.get(Department, w.lj_science)
        tf_hq = db.session.get(Department, w.tf_hq)
        cadres = [
            f.create_cadre(
                "周六",
                science,
                "科长",
                gender="F",
                birth_month=date(1990, 5, 1),
                rank="一级主任科员",
            ),
            f.create_cadre(
                "吴短", science, "科长", gender="M", birth_month=date(1970, 1, 1), rank="四级调研员"
            ),
            f.create_cadre(
                "郑拒", science, "科长", gender="M", birth_month=date(1985, 3, 1), rank="科长"
            ),
        ]
        f.create_posting(
            cadres[0],
            tf_hq,
            programme,
            start_date=date(2025, 1, 1),
            planned_end_date=date(2025, 6, 30),
            actual_end_date=date(2025, 6, 30),
            status="completed",
        )
        f.create_posting(
            cadres[1],
            tf_hq,
            programme,
            start_date=date(2025, 1, 1),
            planned_end_date=date(2025, 6, 29),
            actual_end_date=date(2025, 6, 29),
            status="completed",
        )
        f.create_posting(
            cadres[2],
            tf_hq,
            programme,
            start_date=date(2026, 10, 1),
            planned_end_date=date(2027, 3, 31),
            status="declined",
        )
        db.session.commit()
        return roster_world


def independent(username, programme_id):
    """The figures counted in Python from the posting rows the user may see."""
    viewer = user(username)
    rows = [
        p
        for p in db.session.scalars(sa.select(Posting).where(Posting.programme_id == programme_id))
        if p.status in COUNTED
        and (
            viewer.district_id is None
            or viewer.district_id in (p.home_district_id, p.host_district_id)
        )
    ]
    served = {
        p.id: max((min(p.end_date, TODAY) - p.start_date).days + 1, 0)
        if p.status in {"active", "completed", "ended_early"}
        else 0
        for p in rows
    }
    return {
        "total": len(rows),
        "served_days": sum(served.values()),
        "directions": Counter((p.home_district.name, p.host_district.name) for p in rows),
        "departments": Counter((p.host_district.name, p.host_department.name) for p in rows),
        "genders": Counter(p.cadre.gender for p in rows),
        "ranks": Counter(p.cadre.rank for p in rows),
        "grassroots": len(
            {
                p.cadre_id
                for p in rows
                if served[p.id]
                and months_between(p.start_date, min(p.end_date, TODAY) + timedelta(days=1)) >= 6
            }
        ),
    }


@pytest.mark.parametrize("username", ["admin", "leader", "hr.liangjiang", "hr.tianfu", "hr.cdedz"])
def test_statistics_match_counts_from_the_rows(ctx, stats_world, username):
    programme_id = stats_world.world.programme
    expected = independent(username, programme_id)
    stats = programme_statistics(db.session, user(username), programme_id, TODAY)
    assert stats.total == expected["total"]
    assert stats.served_days == expected["served_days"]
    assert {(d.home, d.host): d.postings for d in stats.directions} == dict(expected["directions"])
    assert {(a, b): n for a, b, n in stats.host_departments} == dict(expected["departments"])
    assert sum(n for _g, n in stats.genders) == expected["total"]
    assert sorted(n for _g, n in stats.genders) == sorted(expected["genders"].values())
    assert sorted(n for _r, n in stats.ranks) == sorted(expected["ranks"].values())
    assert sum(n for _b, n in stats.age_bands) == expected["total"]
    assert stats.grassroots == expected["grassroots"]


def test_the_six_month_rule_counts_a_full_term_and_not_a_day_less(ctx, stats_world):
    stats = programme_statistics(db.session, user("admin"), stats_world.world.programme, TODAY)
    assert stats.grassroots == 1  # 周六 (2025-01-01 to 06-30), not 吴短 (to 06-29)
    bands = dict(stats.age_bands)
    assert bands["35岁以下"] >= 1 and bands["55岁及以上"] == 1  # 周六 34, 吴短 55


def test_hr_statistics_hold_nothing_outside_their_scope(ctx, stats_world):
    stats = programme_statistics(db.session, user("hr.cdedz"), stats_world.world.programme, TODAY)
    for d in stats.directions:
        assert "成都经开区" in (d.home, d.host)
    assert stats.total == 2  # 丁曌 and 赵磊


def test_statistics_page_print_and_xlsx(client, auth, stats_world):
    w = stats_world.world
    assert auth.login("hr.cdedz").status_code == 302
    page = client.get(f"/statistics?programme={w.programme}").get_data(as_text=True)
    assert "统计口径" in page and "计入基层工作经历人数" in page
    assert "天府总部商务区" in page  # 赵磊's host department
    assert "行政审批局" not in page  # 王芳's and 陈明's, outside 成都经开区
    printed = client.get(f"/statistics/print?programme={w.programme}")
    assert printed.status_code == 200 and "rosters-print.css" in printed.get_data(as_text=True)
    response = client.get(f"/statistics.xlsx?programme={w.programme}")
    assert "statistics-2026-09-01.xlsx" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value.startswith("批次统计表")
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    totals = {row[1]: row for row in rows if row[0] == "合计"}
    assert totals["挂职人数"][2] == 2
    assert client.get("/statistics?programme=999999").status_code == 404


def test_officials_have_no_statistics(client, auth, stats_world):
    assert auth.login("zhangxiang").status_code == 302
    assert client.get("/statistics").status_code == 403
