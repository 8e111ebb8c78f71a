"""Journey 1: HR of 两江新区 registers a cadre and proposes a posting to 天府新区; HR of
天府新区 accepts and starts it; HR of 两江新区 extends it. HR of 成都经开区, whose
district the posting does not touch, is refused it."""

import re
from datetime import timedelta
from urllib.parse import urlparse

from playwright.sync_api import expect

from exchange.postings.rules import add_months
from tests.browser.conftest import (
    assert_fields_labelled,
    assert_layout_holds,
    assert_refused,
    login,
    server_today,
    zh_date,
)

POSTING_URL = re.compile(r".*/postings/\d+$")


def register_cadre(page, name: str) -> str:
    page.goto("/cadres")
    page.get_by_role("link", name="登记干部").click()
    page.wait_for_url("**/cadres/new")
    assert_fields_labelled(page)
    page.get_by_label("姓名").fill(name)
    page.get_by_label("性别").select_option(label="女")
    page.get_by_label("派出单位").select_option(label="产业促进局")
    page.get_by_label("原单位职务").fill("招商服务处副处长")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r".*/cadres/\d+$"))
    expect(page.get_by_role("alert").filter(has_text="已保存。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    return page.url


def propose(page, start, planned_end) -> str:
    page.get_by_role("link", name="拟派挂职").click()
    page.wait_for_url("**/propose")
    assert_fields_labelled(page)
    # The current programme is chosen by default.
    expect(page.get_by_label("交流批次")).to_contain_text(
        re.compile(r"\d{4}年两江—天府第二批互派干部挂职交流")
    )
    page.get_by_label("接收单位").select_option(label="天府总部商务区")
    page.get_by_label("挂职职务").fill("招商局副局长")
    page.get_by_label("分管工作").fill("总部经济招商")
    page.get_by_label("开始", exact=True).fill(start.isoformat())

    # One wrong submission: the end before the start is refused next to its field.
    page.get_by_label("计划结束", exact=True).fill((start - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="拟派").click()
    end_field = page.get_by_label("计划结束", exact=True)
    error = page.locator("#planned_end_date-error")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("计划结束日期必须晚于开始日期。")
    expect(end_field).to_have_attribute("aria-describedby", re.compile(r"planned_end_date-error"))
    expect(end_field).to_have_attribute("aria-invalid", "true")
    # What was typed stays.
    expect(page.get_by_label("挂职职务")).to_have_value("招商局副局长")

    end_field.fill(planned_end.isoformat())
    page.get_by_role("button", name="拟派").click()
    page.wait_for_url(POSTING_URL)
    expect(page.get_by_role("alert").filter(has_text="已提交拟派")).to_be_visible()
    return urlparse(page.url).path


def row(page, header: str):
    """The value cell of a row of the posting's table, by its header."""
    return page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=header, exact=True)
    )


def test_hr_proposes_host_accepts_posting_starts_and_is_extended(new_page, live_app):
    today = server_today(live_app)
    start = today
    planned_end = add_months(start, 6) - timedelta(days=1)
    new_end = add_months(start, 8) - timedelta(days=1)
    name = "赵明远"

    # HR of 两江新区 registers the cadre and proposes the posting.
    lj = new_page()
    login(lj, "hr.liangjiang")
    register_cadre(lj, name)
    posting_path = propose(lj, start, planned_end)
    posting_url = f"**{posting_path}"
    expect(lj.get_by_role("heading", level=1)).to_contain_text("拟派")
    # The home side cannot accept its own proposal.
    expect(lj.get_by_role("button", name="接收")).to_have_count(0)

    # HR of 成都经开区 is not party to it.
    cd = new_page()
    login(cd, "hr.cdedz")
    assert_refused(cd, posting_path)

    # HR of 天府新区 finds it waiting on the home page, accepts and starts it.
    tf = new_page()
    login(tf, "hr.tianfu")
    tf.get_by_role("link", name=name).first.click()
    tf.wait_for_url(posting_url)
    tf.get_by_role("button", name="接收", exact=True).click()
    tf.wait_for_url(posting_url)
    expect(tf.get_by_role("alert").filter(has_text="已接收该挂职。")).to_be_visible()
    expect(tf.get_by_role("heading", level=1)).to_contain_text("已接收")
    tf.get_by_role("button", name="开始挂职").click()
    tf.wait_for_url(posting_url)
    expect(tf.get_by_role("alert").filter(has_text="挂职已开始。")).to_be_visible()
    expect(tf.get_by_role("heading", level=1)).to_contain_text("在岗")

    # HR of 两江新区 asks to extend it, with a reason; nothing changes until 天府 agrees.
    lj.goto(posting_path)
    assert_fields_labelled(lj)
    expect(row(lj, "计划结束")).to_contain_text(zh_date(planned_end))
    expect(lj.get_by_text("未延期。")).to_be_visible()
    lj.get_by_label("新的计划结束日期").fill(new_end.isoformat())
    lj.get_by_label("理由").first.fill("接收单位总部经济项目进入签约阶段，商定延期两个月。")
    lj.get_by_role("button", name="延期", exact=True).click()
    lj.wait_for_url(posting_url)
    expect(lj.get_by_role("alert").filter(has_text="待对方同意后生效")).to_be_visible()
    expect(row(lj, "计划结束")).to_contain_text(zh_date(planned_end))

    # HR of 天府新区 agrees on the posting page; the new end holds for both sides.
    tf.goto(posting_path)
    tf.get_by_role("button", name="同意", exact=True).click()
    tf.wait_for_url(posting_url)
    expect(tf.get_by_role("alert").filter(has_text="已同意")).to_be_visible()
    lj.goto(posting_path)
    expect(row(lj, "计划结束")).to_contain_text(zh_date(new_end))
    history = lj.get_by_role("region", name="延期记录").get_by_role("row").nth(1)
    expect(history).to_contain_text(zh_date(planned_end))
    expect(history).to_contain_text(zh_date(new_end))
    expect(history).to_contain_text("商定延期两个月")

    # The posting page holds on a laptop and a phone.
    assert_layout_holds(lj, posting_path)
