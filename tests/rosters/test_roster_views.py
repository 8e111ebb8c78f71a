"""The roster page, print view and exports through the client."""

import base64
import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest


def login(auth, world, role):
    assert auth.login(world.users[role]).status_code == 302


def test_roster_page_shows_rows_counts_and_bookmarkable_links(client, auth, roster_world):
    w = roster_world
    login(auth, w.world, "leader")
    page = client.get("/roster?q=zhang+xiang").get_data(as_text=True)
    assert "张想" in page and "丁曌" not in page
    assert "符合条件的挂职共 1 条" in page
    assert 'value="zhang xiang"' in page
    # sort links and exports keep the filter
    assert "/roster?q=zhang+xiang&amp;sort=cadre" in page
    assert "/roster/export.csv?q=zhang+xiang" in page
    assert "/roster/print?q=zhang+xiang" in page


def test_bad_filter_values_are_ignored_with_a_visible_message(client, auth, roster_world):
    login(auth, roster_world.world, "admin")
    response = client.get("/roster?as_of=2026-13-01&status=lost&cursor=zzz")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "日期格式应为 2026-09-01" in page
    assert "状态无效" in page and "分页链接无效" in page
    assert "符合条件的挂职共 5 条" in page


def test_hr_roster_page_holds_only_their_districts_postings(client, auth, roster_world):
    login(auth, roster_world.world, "hr_cd")
    page = client.get("/roster").get_data(as_text=True)
    assert "丁曌" in page and "赵磊" in page
    assert "张想" not in page and "王芳" not in page and "陈明" not in page


def test_roster_pages_follow_next_and_previous_links(client, auth, many_postings, world):
    login(auth, world, "admin")
    seen, url = [], "/roster?sort=status"
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += re.findall(r'/postings/(\d+)"', page)
        match = re.search(r'rel="next" href="([^"]+)"', page)
        url = match and match.group(1).replace("&amp;", "&")
    assert len(seen) == 60 and len(set(seen)) == 60
    assert 'rel="prev"' in page and "第一页" in page


def read_csv(response):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_export_is_the_filtered_roster_with_a_bom_and_header(client, auth, roster_world):
    login(auth, roster_world.world, "admin")
    response = client.get(f"/roster/export.csv?district_role=home&district={roster_world.lj}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="roster-2026-09-01.csv"')
    assert unquote(disposition.split("UTF-8''")[1]) == "干部互派挂职名册-2026-09-01.csv"
    rows = read_csv(response)
    assert rows[0][:6] == ["干部", "性别", "出生年月", "职级", "派出区域", "派出单位"]
    assert sorted(r[0] for r in rows[1:]) == ["张想", "王芳"]


def test_exports_neutralise_formulas(client, auth, roster_world):
    login(auth, roster_world.world, "admin")
    rows = read_csv(client.get("/roster/export.csv?q=王芳"))
    wang = rows[1]
    assert '\'=HYPERLINK("http://evil")' in wang
    assert "'+SUM(A1)" in wang
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/roster/export.xlsx?q=王芳").data))
    sheet = workbook.active
    cells = {c.value: c.data_type for c in sheet[4]}
    assert cells['=HYPERLINK("http://evil")'] == "s"
    assert cells["+SUM(A1)"] == "s"


def test_xlsx_export_is_a_document_with_title_filter_and_print_setup(client, auth, roster_world):
    login(auth, roster_world.world, "leader")
    response = client.get("/roster/export.xlsx?sort=cadre&as_of=2026-10-01")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert "roster-2026-10-01.xlsx" in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook.active
    assert sheet["A1"].value == "干部互派挂职名册" and sheet["A1"].font.b
    assert "截至 2026年10月1日" in sheet["A2"].value
    assert "制表单位：" in sheet["A2"].value and "制表日期：2026年9月1日" in sheet["A2"].value
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:R6"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$3:$3"
    assert abs(sheet.column_dimensions["F"].width - 24) < 1
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["干部", "性别", "出生年月", "职级"]
    assert "状态" in header and header[-1] == "报告完成率"
    names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["陈明", "丁曌", "张想"]  # by pinyin
    start = sheet.cell(row=5, column=header.index("开始") + 1).value
    assert start.date().isoformat() == "2026-06-01"
    served = sheet.cell(row=5, column=header.index("已挂职天数") + 1)
    assert served.value == 123 and served.data_type == "n"
    rate = sheet.cell(row=5, column=len(header))
    assert rate.value == 0 and rate.number_format == "0%"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hr_export_holds_no_posting_outside_their_district(client, auth, roster_world, fmt):
    login(auth, roster_world.world, "hr_cd")
    response = client.get(f"/roster/export.{fmt}")
    if fmt == "csv":
        rows = read_csv(response)[1:]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert sorted(r[0] for r in rows) == ["丁曌", "赵磊"]
    for row in rows:
        assert "成都经开区" in (row[4], row[7])


def test_print_view_is_an_a4_landscape_official_roster(client, auth, roster_world):
    login(auth, roster_world.world, "leader")
    page = client.get("/roster/print?as_of=2026-10-01").get_data(as_text=True)
    assert "干部互派挂职名册" in page
    assert "截至 2026年10月1日" in re.sub(r"<[^>]+>", "", page)  # the date is one unbreakable span
    assert "rosters-print.css" in page and "js/rosters.js" in page
    assert page.count("<tr>") == 4  # header + 张想, 丁曌, 陈明
    text = re.sub(r"<[^>]+>", "", page)
    assert "制表单位：" in text
    assert "制表日期：2026年9月1日" in text
    assert "性别" in text and "出生年月" in text and "职级" in text


def test_an_hr_officers_documents_are_issued_by_their_district(client, auth, roster_world):
    login(auth, roster_world.world, "hr_cd")
    text = re.sub(r"<[^>]+>", "", client.get("/roster/print").get_data(as_text=True))
    assert "制表单位：成都经开区" in text


def test_print_css_is_a4_landscape_with_page_numbers(app):
    css = (Path(app.static_folder) / "css" / "rosters-print.css").read_text()
    assert "size: A4 landscape" in css
    assert "counter(page)" in css
    assert "table-header-group" in css


def test_pages_are_numbered_and_a_page_can_be_jumped_to(client, auth, many_postings, world):
    login(auth, world, "admin")
    first = client.get("/roster?sort=status").get_data(as_text=True)
    assert "第 1 / 2 页" in first and 'name="page"' in first
    jump = client.get("/roster?sort=status&page=2")
    assert jump.status_code == 302 and "cursor=" in jump.headers["Location"]
    second = client.get(jump.headers["Location"]).get_data(as_text=True)
    assert "第 2 / 2 页" in second
    seen = re.findall(r'/postings/(\d+)"', first) + re.findall(r'/postings/(\d+)"', second)
    assert len(seen) == 60 and len(set(seen)) == 60
    following = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    by_link = client.get(following).get_data(as_text=True)
    assert re.findall(r'/postings/(\d+)"', by_link) == re.findall(r'/postings/(\d+)"', second)
    assert client.get("/roster?page=1").headers["Location"].endswith("/roster")
    assert client.get("/roster?page=99").headers["Location"].endswith("/roster")  # past the end
    assert client.get("/roster?page=x").status_code == 200  # not a number: ignored


def test_a_long_roster_is_counted_to_the_cap_and_exactly_on_demand(
    client, auth, many_postings, world, app, count_queries
):
    """Past the cap the page says "1,000+"-style and offers the exact figure; the page
    number travels in the links, so going deeper never costs a count of rows before."""
    app.config["LIST_COUNT_CAP"] = 25
    login(auth, world, "admin")
    first = client.get("/roster").get_data(as_text=True)
    assert "25+ 条符合条件" in first and "count=exact" in first
    assert "第 1 页" in first and "第 1 / " not in first  # the last page is not known
    exact = client.get("/roster?count=exact").get_data(as_text=True)
    assert "符合条件的挂职共 60 条" in exact
    assert "第 1 / 2 页" in exact
    following = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    with count_queries() as deeper:
        second = client.get(following).get_data(as_text=True)
    assert "第 2 页" in second
    # The roster's counts (the bell in the navigation counts other things).
    counts = [s for s in deeper.statements if "count(" in s.lower() and "FROM posting" in s]
    assert len(counts) == 1 and "LIMIT" in counts[0]  # the capped count only
    back = re.search(r'rel="prev" href="([^"]+)"', second).group(1).replace("&amp;", "&")
    again = client.get(back).get_data(as_text=True)
    assert "第 1 页" in again
    assert re.findall(r'/postings/(\d+)"', again) == re.findall(r'/postings/(\d+)"', first)


def test_a_page_link_written_before_pages_were_numbered_still_opens(
    client, auth, many_postings, world
):
    from exchange.rosters.filters import Cursor

    login(auth, world, "admin")
    first = client.get("/roster").get_data(as_text=True)
    token = re.search(r"cursor=([^&\"]+)", first).group(1)
    cursor = Cursor.decode(token, "date")
    old = (
        base64.urlsafe_b64encode(
            json.dumps([cursor.value.isoformat(), cursor.posting_id, 0]).encode()
        )
        .decode()
        .rstrip("=")
    )
    response = client.get(f"/roster?cursor={old}")
    assert response.status_code == 200 and "第 2 / 2 页" in response.get_data(as_text=True)
    forged = base64.urlsafe_b64encode(
        json.dumps([cursor.value.isoformat(), cursor.posting_id, 0, 10**9]).encode()
    ).decode()
    assert client.get(f"/roster?cursor={forged}").status_code == 400


def _department_options(page: str) -> list[str]:
    select = page[page.index('id="department"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="(\d+)"', select)


def test_the_department_filter_offers_one_districts_departments(client, auth, roster_world):
    """A region has thousands of departments: the filter offers those of the district
    filtered on (else the user's own), and always the department already chosen."""
    w = roster_world.world
    login(auth, w, "admin")
    page = client.get("/roster").get_data(as_text=True)
    assert _department_options(page) == [] and "choose a district" not in page  # Chinese UI
    assert "先选择区县" in page
    tianfu = client.get(f"/roster?district={w.tf}").get_data(as_text=True)
    offered = set(_department_options(tianfu))
    assert str(w.tf_hq) in offered and str(w.lj_services) not in offered
    chosen = client.get(f"/roster?department={w.lj_services}").get_data(as_text=True)
    assert _department_options(chosen) == [str(w.lj_services)]
    assert f'<option value="{w.lj_services}" selected>' in chosen
    auth.logout()
    login(auth, w, "hr_lj")
    own = set(_department_options(client.get("/roster").get_data(as_text=True)))
    assert {str(w.lj_services), str(w.lj_science)} <= own and str(w.tf_hq) not in own
