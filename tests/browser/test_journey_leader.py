"""Journey 3: the leader filters the roster by district and date, searches by pinyin,
opens the dashboard and downloads the roster as XLSX. HR-only pages refuse the leader."""

import re

import openpyxl
import sqlalchemy as sa
from playwright.sync_api import expect

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.rosters.exports import columns
from tests.browser.conftest import (
    assert_layout_holds,
    assert_refused,
    login,
    server_today,
)


def roster_rows(page):
    return page.locator("table.table-roster tbody tr")


def expected_headers(app) -> list[str]:
    with app.test_request_context():  # no cookie, no user: the default language, Chinese
        return [str(header) for header, _width in columns()]


def test_leader_filters_searches_and_exports_the_roster(new_page, live_app, tmp_path):
    today = server_today(live_app)
    page = new_page()
    login(page, "leader")

    page.get_by_role("link", name="名册", exact=True).click()
    page.wait_for_url("**/roster")
    expect(page.get_by_role("heading", name="挂职干部名册")).to_be_visible()

    # Who is in post today with 天府新区 on either side: this round's officials, not 2020's.
    page.get_by_label("区域", exact=True).select_option(label="四川天府新区")
    page.get_by_label("在岗日期").fill(today.isoformat())
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(rf".*/roster\?.*as_of={today.isoformat()}"))
    assert "district=" in page.url
    rows = roster_rows(page)
    expect(rows.filter(has_text="李晓雯")).to_have_count(1)
    expect(rows.filter(has_text="王建国")).to_have_count(1)
    expect(rows.filter(has_text="张想")).to_have_count(0)
    expect(rows.filter(has_text="丁曌")).to_have_count(0)
    for text in rows.all_inner_texts():
        assert "天府新区" in text

    # Search by pinyin, all dates.
    page.get_by_role("link", name="清除").click()
    page.wait_for_url("**/roster")
    page.get_by_label("搜索").fill("zhangxiang")
    page.get_by_label("搜索").press("Enter")
    page.wait_for_url("**/roster?*q=zhangxiang*")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("张想")
    expect(rows.first).to_contain_text("天府总部商务区")

    # The XLSX holds what the page shows, with a header row in Chinese.
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "roster.xlsx"
    download.save_as(path)
    # A read-only workbook keeps its file open until closed.
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        table = [list(r) for r in book.active.iter_rows(values_only=True)]
    finally:
        book.close()
    table = table[[r[0] for r in table].index("干部") :]  # below the title lines
    assert table[0] == expected_headers(live_app)
    assert [r[0] for r in table[1:]] == ["张想"]
    assert "天府总部商务区" in table[1]

    # The unfiltered export holds every posting.
    page.get_by_role("link", name="清除").click()
    page.wait_for_url("**/roster")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    info.value.save_as(tmp_path / "all.xlsx")
    everything = list(
        openpyxl.load_workbook(tmp_path / "all.xlsx").active.iter_rows(values_only=True)
    )
    names = {r[0] for r in everything[1:]}
    assert {"张想", "丁曌", "李晓雯", "王建国", "陈思远"} <= names

    # The dashboard.
    page.get_by_role("link", name="数据看板", exact=True).click()
    page.wait_for_url("**/dashboard")
    expect(page.get_by_role("heading", name=re.compile("互派挂职数据看板"))).to_be_visible()
    assert int(page.locator("#stat-in-post").inner_text()) >= 2

    # The roster holds on a laptop and a phone.
    assert_layout_holds(page, "/roster")
    assert_layout_holds(page, "/dashboard")

    # Proposing a posting is HR's, not the leader's.
    with live_app.app_context():
        cadre_id = db.session.scalar(sa.select(Cadre.id).where(Cadre.name == "李晓雯"))
    assert_refused(page, f"/cadres/{cadre_id}/propose")
    assert_refused(page, "/cadres/new")
