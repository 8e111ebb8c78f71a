"""Journey 4: HR of 两江新区 imports a small cadre file through the preview and confirms it."""

import csv
import io
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_fields_labelled, login, screenshot

ROWS = [
    ["姓名", "性别", "出生年月", "单位", "职务"],
    ["欧阳明", "男", "1984.07", "科技创新局", "科长"],
    ["司马兰", "女", "1990.11", "产业促进局", "副科长"],
]


def test_hr_imports_a_cadre_file_through_the_preview(new_page, tmp_path):
    path = tmp_path / "干部名单.csv"
    out = io.StringIO()
    csv.writer(out).writerows(ROWS)
    path.write_bytes(out.getvalue().encode("gb18030"))

    page = new_page()
    login(page, "hr.liangjiang")
    page.goto("/imports")
    assert_fields_labelled(page)
    section = page.locator("section", has=page.get_by_role("heading", name="干部"))
    section.get_by_label("表格文件（XLSX 或 CSV）").set_input_files(str(path))
    section.get_by_role("button", name="上传并预览").click()
    page.wait_for_url(re.compile(r".*/imports/runs/\d+$"))

    # The preview: both rows new, nothing written yet.
    expect(page.locator('[data-count="create"]')).to_have_text("2")
    expect(page.locator("#import-rows")).to_contain_text("欧阳明")
    screenshot(page, "import-preview-zh")
    page.goto("/cadres?q=欧阳明")
    expect(page.locator("main")).not_to_contain_text("欧阳明")
    page.go_back()

    page.get_by_role("button", name="导入这 2 行").click()
    expect(page.get_by_role("alert").filter(has_text="导入完成：新增 2 条")).to_be_visible()
    page.goto("/cadres?q=欧阳明")
    expect(page.locator("main")).to_contain_text("欧阳明")

    # The posting page shows its documents to both sides.
    page.goto("/postings")
    page.get_by_role("link", name="张想").first.click()
    expect(page.get_by_role("heading", name="附件")).to_be_visible()
    expect(page.locator("main")).to_contain_text("关于选派张想同志")
    screenshot(page, "posting-documents-zh")
