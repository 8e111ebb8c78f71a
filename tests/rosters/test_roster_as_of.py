"""The roster of a day shows each posting as it stood that day: page, print, CSV and XLSX.

刘延 served 2026-03-01 to a planned 2026-06-30, extended on 2026-06-15 to 2026-08-31 and
completed; 王芳 (``roster_world``) ended early on 2025-07-31, planned to 2025-08-31.
"""

import csv
import io
import re
from datetime import date, datetime, time
from types import SimpleNamespace

import openpyxl
import pytest

from exchange.clock import TZ
from exchange.extensions import db
from exchange.org.models import Department
from exchange.postings.models import Extension
from exchange.programmes.models import Programme
from tests import factories as f
from tests.rosters.conftest import user


@pytest.fixture
def extended(app, roster_world):
    w = roster_world.world
    with app.app_context():
        cadre = f.create_cadre("刘延", db.session.get(Department, w.lj_science), "科长")
        posting = f.create_posting(
            cadre,
            db.session.get(Department, roster_world.tf_approvals),
            db.session.get(Programme, w.programme),
            start_date=date(2026, 3, 1),
            planned_end_date=date(2026, 8, 31),
            actual_end_date=date(2026, 8, 31),
            status="completed",
        )
        db.session.add(
            Extension(
                posting=posting,
                previous_planned_end_date=date(2026, 6, 30),
                new_planned_end_date=date(2026, 8, 31),
                reason="项目收尾",
                created_at=datetime.combine(date(2026, 6, 15), time(10), TZ),
            )
        )
        author = user("admin")
        # April's report on time; May's submitted on 06-10, late.
        f.create_report(posting, author, kind="monthly", report_date=date(2026, 4, 1))
        f.create_report(
            posting,
            author,
            kind="monthly",
            report_date=date(2026, 6, 10),
            period_end_date=date(2026, 5, 1),
        )
        db.session.commit()
        return SimpleNamespace(world=w, roster=roster_world, posting=posting.id)


def login(client, auth, world, role="leader"):
    assert auth.login(world.users[role]).status_code == 302


def csv_rows(client, query):
    response = client.get(f"/roster/export.csv?{query}")
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]], response


def xlsx_rows(client, query):
    response = client.get(f"/roster/export.xlsx?{query}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(values) if row and row[0] == "干部")
    header = values[header_at]
    return [dict(zip(header, row, strict=True)) for row in values[header_at + 1 :]], response


# (as-of date, status label, days served, days left, planned end shown)
EDGES = [
    ("2026-03-01", "在岗", 1, 121, "2026-06-30"),  # start day
    ("2026-06-14", "在岗", 106, 16, "2026-06-30"),  # the day before the extension
    ("2026-06-15", "在岗", 107, 77, "2026-08-31"),  # the extension's effective date
    ("2026-08-31", "在岗", 184, 0, "2026-08-31"),  # the last day
]


@pytest.mark.parametrize(("on", "status", "served", "left", "planned"), EDGES)
def test_csv_and_xlsx_of_a_day_show_that_days_status_and_durations(
    client, auth, extended, on, status, served, left, planned
):
    login(client, auth, extended.world)
    rows, response = csv_rows(client, f"as_of={on}&q=刘延")
    assert f"roster-{on}.csv" in response.headers["Content-Disposition"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["状态"], row["已挂职天数"], row["剩余天数"]) == (status, str(served), str(left))
    assert row["计划结束"] == planned
    sheet_rows, response = xlsx_rows(client, f"as_of={on}&q=刘延")
    assert f"roster-{on}.xlsx" in response.headers["Content-Disposition"]
    (cells,) = sheet_rows
    assert (cells["状态"], cells["已挂职天数"], cells["剩余天数"]) == (status, served, left)


@pytest.mark.parametrize(("on", "status", "served", "left", "planned"), EDGES)
def test_page_and_print_of_a_day_show_that_days_status(
    client, auth, extended, on, status, served, left, planned
):
    login(client, auth, extended.world)
    page = client.get(f"/roster?as_of={on}&q=刘延").get_data(as_text=True)
    assert "符合条件的挂职共 1 条" in page
    assert f"{served} / {left}" in page and status in page
    printed = re.sub(
        r"<[^>]+>", "", client.get(f"/roster/print?as_of={on}&q=刘延").get_data(as_text=True)
    )
    year, month, day = (int(part) for part in on.split("-"))
    assert f"截至 {year}年{month}月{day}日" in printed
    assert f"{served} / {left}" in printed and status in printed


def test_the_day_after_the_last_day_the_posting_is_off_the_roster(client, auth, extended):
    login(client, auth, extended.world)
    rows, _response = csv_rows(client, "as_of=2026-09-01&q=刘延")
    assert rows == []
    page = client.get("/roster?as_of=2026-09-01&q=刘延").get_data(as_text=True)
    assert "符合条件的挂职共 0 条" in page


def test_an_early_end_shows_from_the_day_after_it(client, auth, extended):
    login(client, auth, extended.world)
    last_day, _r = csv_rows(client, "as_of=2025-07-31&q=王芳")
    assert (last_day[0]["状态"], last_day[0]["剩余天数"]) == ("在岗", "0")
    after, _r = csv_rows(client, "as_of=2025-08-01&q=王芳")
    assert (after[0]["状态"], after[0]["已挂职天数"], after[0]["剩余天数"]) == (
        "提前结束",
        "153",
        "0",
    )
    assert after[0]["实际结束日期"] == "2025-07-31"
    page = client.get("/roster?as_of=2025-08-01&q=王芳").get_data(as_text=True)
    assert "提前结束" in page and "153 / 0" in page


def test_the_status_filter_reads_the_status_of_that_day(client, auth, extended):
    login(client, auth, extended.world)
    rows, _r = csv_rows(client, "as_of=2026-06-15&status=active")
    assert sorted(r["干部"] for r in rows) == ["丁曌", "刘延", "张想"]
    rows, _r = csv_rows(client, "as_of=2026-06-15&status=completed")
    assert rows == []
    rows, _r = csv_rows(client, "as_of=2025-08-01&status=ended_early")
    assert [r["干部"] for r in rows] == ["王芳"]


def test_report_compliance_counts_what_was_due_and_filed_by_that_day(client, auth, extended):
    login(client, auth, extended.world)
    # 05-15: April filed on time, May's due 05-01 not filed yet (it came on 06-10).
    rows, _r = csv_rows(client, "as_of=2026-05-15&q=刘延")
    assert rows[0]["报告完成率"] == "50% (1/2)"
    # 06-14: April on time, May late, June's due 06-01 missing.
    rows, _r = csv_rows(client, "as_of=2026-06-14&q=刘延")
    assert rows[0]["报告完成率"] == "33% (1/3)"


def test_the_roster_of_today_is_unchanged_by_the_history(client, auth, extended):
    login(client, auth, extended.world)
    rows, _r = csv_rows(client, "q=刘延")
    assert rows[0]["状态"] == "期满" and rows[0]["计划结束"] == "2026-08-31"
