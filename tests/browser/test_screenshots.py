"""Screenshots of the main pages in Chinese and English at 1366×768, saved under
artifacts/screenshots (docs/screenshots holds a chosen few for the README)."""

import pytest
import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from tests.browser.conftest import (
    assert_fields_labelled,
    assert_no_horizontal_overflow,
    login,
    screenshot,
    switch_language,
)


def active_posting_of(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(Posting.id)
            .join(Cadre)
            .where(Cadre.name == name, Posting.status == PostingStatus.ACTIVE)
        )


def fill_report_draft(page):
    if page.get_by_label("标题").count():  # the Chinese editor
        page.get_by_label("标题").fill("第6个月工作报告")
        page.get_by_label("正文（Markdown）").fill(
            "### 所学所获\n\n参与天府总部商务区总部企业招引。\n\n### 工作成效\n\n- 对接拟落户总部企业 **3** 家"
        )
    else:
        page.get_by_label("Title").fill("Month 6 report")


@pytest.mark.parametrize(
    ("username", "pages"),
    [
        ("hr.liangjiang", [("/", "hr-home"), ("posting:李晓雯", "posting")]),
        ("lixiaowen", [("/reports/new", "report-editor")]),
        ("leader", [("/roster", "roster"), ("/dashboard", "dashboard")]),
    ],
)
def test_main_pages_in_both_languages(new_page, live_app, username, pages):
    page = new_page(width=1366, height=768)
    login(page, username)
    for language in ("zh", "en"):
        if language == "en":
            switch_language(page)
            assert page.evaluate("document.documentElement.lang") == "en"
        for path, name in pages:
            if path.startswith("posting:"):
                path = f"/postings/{active_posting_of(live_app, path.split(':')[1])}"
            response = page.goto(path)
            assert response.status == 200
            if name == "report-editor":
                fill_report_draft(page)
            assert_fields_labelled(page)
            assert_no_horizontal_overflow(page)
            screenshot(page, f"{name}-{language}", full_page=False)
            screenshot(page, f"{name}-{language}-full")
