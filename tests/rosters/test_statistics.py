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
        tf_office = f.create_department(tf_hq.district, "招商服务科", parent=tf_hq)
        f.create_posting(
            cadres[0],
            tf_office,
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


GENDERS = {"M": "男", "F": "女"}


def rank_band(rank):
    """The rule stated on the page, written out again by hand."""
    rank = rank or ""
    if any(w in rank for w in ("巡视员", "厅级", "局级")):
        return "厅局级"
    if any(w in rank for w in ("调研员", "处级", "处长")):
        return "县处级"
    if any(w in rank for w in ("主任科员", "科级", "科长")):
        return "乡科级"
    return "其他"


def age_band(p):
    born = p.cadre.birth_month
    if born is None:
        return "未填写"
    age = p.start_date.year - born.year - (p.start_date.month < born.month)
    for limit, label in ((35, "35岁以下"), (45, "35—44岁"), (55, "45—54岁")):
        if age < limit:
            return label
    return "55岁及以上"


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

    def way(p):
        return f"{p.home_district.name} → {p.host_district.name}"

    def unit(department):
        return (department.parent or department).name

    return {
        "by_direction": {
            "host_departments": Counter((way(p), p.host_department.name) for p in rows),
            "host_levels": Counter((way(p), unit(p.host_department)) for p in rows),
            "ranks": Counter((way(p), rank_band(p.cadre.rank)) for p in rows),
            "genders": Counter((way(p), GENDERS.get(p.cadre.gender, "未填写")) for p in rows),
            "age_bands": Counter((way(p), age_band(p)) for p in rows),
        },
        "total": len(rows),
        "served_days": sum(served.values()),
        "directions": Counter((p.home_district.name, p.host_district.name) for p in rows),
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
    for name, counts in expected["by_direction"].items():
        assert {(a, b): n for a, b, n in getattr(stats, name)} == dict(counts), name
    assert sum(n for _w, _g, n in stats.genders) == expected["total"]
    assert sum(n for _w, _b, n in stats.age_bands) == expected["total"]
    assert stats.grassroots == expected["grassroots"]


def test_the_six_month_rule_counts_a_full_term_and_not_a_day_less(ctx, stats_world):
    stats = programme_statistics(db.session, user("admin"), stats_world.world.programme, TODAY)
    assert stats.grassroots == 1  # 周六 (2025-01-01 to 06-30), not 吴短 (to 06-29)
    bands = Counter()
    for _way, band, n in stats.age_bands:
        bands[band] += n
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


def test_rank_bands_follow_the_stated_rule(ctx, stats_world):
    stats = programme_statistics(db.session, user("admin"), stats_world.world.programme, TODAY)
    lj_tf = {band: n for way, band, n in stats.ranks if way == "两江新区 → 四川天府新区"}
    # 周六 一级主任科员 → 乡科级, 吴短 四级调研员 → 县处级 (郑拒 was declined)
    assert lj_tf.get("乡科级", 0) >= 1 and lj_tf.get("县处级", 0) >= 1
    assert {band for _way, band, _n in stats.ranks} <= {"厅局级", "县处级", "乡科级", "其他"}


def test_the_page_states_the_rank_band_and_host_level_rules(client, auth, stats_world):
    assert auth.login("leader").status_code == 302
    page = client.get(f"/statistics?programme={stats_world.world.programme}").get_data(as_text=True)
    assert 'id="rank-rule"' in page and "厅局级" in page and "其他" in page
    assert 'id="host-level-rule"' in page and "上级单位" in page
    assert 'id="by-host-level"' in page and "两江新区 → 四川天府新区" in page


def test_host_level_counts_a_sub_unit_under_its_parent(ctx, stats_world):
    stats = programme_statistics(db.session, user("admin"), stats_world.world.programme, TODAY)
    departments = {group for _way, group, _n in stats.host_departments}
    levels = {group for _way, group, _n in stats.host_levels}
    assert "招商服务科" in departments and "招商服务科" not in levels


@pytest.mark.parametrize("username", ["admin", "hr.tianfu", "hr.cdedz"])
def test_report_compliance_adds_up_each_postings_own_schedule(ctx, stats_world, username):
    """The 统计表's report figures are the sums of each posting's schedule built from its
    reports: one on time, one late, one missing, a final summary on time."""
    from datetime import datetime, time

    from exchange.clock import TZ
    from exchange.reports.schedule import compliance_for

    done = db.session.get(Posting, stats_world.done)
    author = user("zhangxiang")
    for speaks_for, submitted in (
        (date(2025, 3, 31), date(2025, 3, 31)),  # period 1, on time
        (date(2025, 4, 30), date(2025, 6, 15)),  # period 2, late; period 3 and 4 missing
    ):
        report = f.create_report(done, author, kind="monthly", report_date=speaks_for)
        report.submitted_at = datetime.combine(submitted, time(18), tzinfo=TZ)
    f.create_report(done, author, kind="final", report_date=date(2025, 8, 5))
    db.session.flush()
    programme_id = stats_world.world.programme
    viewer = user(username)
    postings = [
        p
        for p in db.session.scalars(sa.select(Posting).where(Posting.programme_id == programme_id))
        if p.status in COUNTED
        and (
            viewer.district_id is None
            or viewer.district_id in (p.home_district_id, p.host_district_id)
        )
    ]
    schedules = compliance_for(postings, TODAY).values()
    stats = programme_statistics(db.session, viewer, programme_id, TODAY)
    expected = (
        sum(s.due for s in schedules),
        sum(s.on_time for s in schedules),
        sum(s.late for s in schedules),
        sum(s.missing for s in schedules),
    )
    if stats_world.done in {p.id for p in postings}:  # late and missing reports are counted
        assert expected[2] >= 1 and expected[3] >= 1
    got = (stats.reports_due, stats.reports_on_time, stats.reports_late, stats.reports_missing)
    assert got == expected
