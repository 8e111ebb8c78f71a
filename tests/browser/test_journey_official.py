"""Journey 2: a seconded official in post (李晓雯, 两江新区 → 天府新区) sees her posting and
when her next report is due, drafts a reflection in Chinese and submits it, after which
it is locked; HR of the host district comments, the leader adds a remark (批示), and she
reads both. Another official's report is refused to her."""

import re
from urllib.parse import urlparse

import sqlalchemy as sa
from playwright.sync_api import expect

from exchange.auth.models import User
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from exchange.reports.models import ReflectionLog
from exchange.reports.schedule import compliance_for
from tests.browser.conftest import (
    assert_fields_labelled,
    assert_layout_holds,
    assert_refused,
    login,
    server_today,
    zh_date,
)

REPORT_URL = re.compile(r".*/reports/\d+$")
TITLE = "挂职半年的心得体会"
BODY = (
    "### 所学所获\n\n参与接收单位的重点项目推进，学习“链主企业+配套”的招商模式。\n\n"
    "### 困难问题\n\n两地政策口径仍有差异，需要加强对接。"
)
COMMENT = "内容翔实，请在下月报告中补充招商项目的进展数据。"
REMARK = "要把天府新区总部经济招商的经验带回两江，形成可复制的做法。"


def facts(app):
    """A demo official in post today, her host district's HR, the next due date, and
    another official's report. The demo's dates are fixed: take whoever is in post."""
    today = server_today(app)
    with app.app_context():
        for username in ("lixiaowen", "wangjianguo"):
            user = db.session.scalar(sa.select(User).where(User.username == username))
            posting = db.session.scalar(
                sa.select(Posting).where(
                    Posting.cadre_id == user.cadre_id,
                    Posting.status == PostingStatus.ACTIVE,
                    Posting.start_date <= today,
                    Posting.planned_end_date >= today,
                )
            )
            if posting is not None:
                break
        else:
            raise AssertionError(f"no demo official is in post on {today}")
        items = compliance_for([posting])[posting.id].items
        next_due = min(i.due_date for i in items if i.state == "upcoming")
        others = db.session.scalar(
            sa.select(ReflectionLog.id)
            .join(User, ReflectionLog.author_id == User.id)
            .where(User.username == "zhangxiang")
        )
        host_hr = f"hr.{posting.host_district.code}"
        return username, host_hr, posting.host_department.name, next_due, others


def test_official_writes_submits_and_reads_comment_and_remark(new_page, live_app):
    official, host_hr, host_department, next_due, others_report = facts(live_app)
    today = server_today(live_app)

    # The official's home page: her posting and her reporting schedule with the next due date.
    me = new_page()
    login(me, official)
    expect(me.get_by_role("heading", name="我的挂职")).to_be_visible()
    expect(me.get_by_role("link", name=re.compile(host_department))).to_be_visible()
    schedule = me.get_by_role("region", name="报告计划")
    upcoming = schedule.get_by_role("row").filter(has_text="待交").first
    expect(upcoming).to_contain_text(zh_date(next_due))

    # She writes a draft reflection in Chinese.
    me.get_by_role("link", name="撰写报告").first.click()
    me.wait_for_url("**/reports/new**")
    assert_fields_labelled(me)
    me.get_by_label("类型").select_option(label="心得体会")
    me.get_by_label("标题").fill(TITLE)
    me.get_by_label("报告日期").fill(today.isoformat())
    me.get_by_label("正文（Markdown）").fill(BODY)
    me.get_by_label("标签").fill("所学所获,困难问题")
    me.get_by_role("button", name="保存草稿").click()
    me.wait_for_url(REPORT_URL)
    report_path = urlparse(me.url).path
    expect(me.get_by_role("alert").filter(has_text="草稿已保存。")).to_be_visible()
    expect(me.get_by_role("heading", level=1)).to_contain_text("草稿")
    expect(me.get_by_role("heading", name="所学所获")).to_be_visible()

    # A draft is hers alone: HR cannot read it yet.
    hr = new_page()
    login(hr, host_hr)
    assert_refused(hr, report_path)

    # She submits it; then it is locked.
    me.get_by_role("link", name="提交…").click()
    me.wait_for_url("**/submit")
    me.get_by_role("button", name="提交报告").click()
    me.wait_for_url(f"**{report_path}")
    expect(me.get_by_role("alert").filter(has_text="报告已提交。")).to_be_visible()
    expect(me.get_by_role("heading", level=1)).to_contain_text("已提交")
    expect(me.get_by_role("link", name="修改草稿")).to_have_count(0)
    expect(me.get_by_role("link", name="提交…")).to_have_count(0)
    assert_refused(me, f"{report_path}/edit")

    # HR of the host district reads it and comments.
    hr.goto(report_path)
    expect(hr.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(hr.get_by_text("两地政策口径仍有差异")).to_be_visible()
    assert_fields_labelled(hr)
    expect(hr.get_by_role("textbox", name="批示")).to_have_count(0)  # remarks are the leader's
    hr.get_by_role("textbox", name="点评").fill(COMMENT)
    hr.get_by_role("button", name="添加点评").click()
    hr.wait_for_url(f"**{report_path}#comments-h")
    expect(hr.get_by_role("alert").filter(has_text="点评已添加。")).to_be_visible()

    # The leader adds a remark (批示).
    leader = new_page()
    login(leader, "leader")
    leader.goto(report_path)
    assert_fields_labelled(leader)
    ids = leader.eval_on_selector_all("[id]:not([type=hidden])", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), "ids of fields and sections are unique"
    leader.get_by_role("textbox", name="批示").fill(REMARK)
    leader.get_by_role("button", name="添加批示").click()
    leader.wait_for_url(f"**{report_path}#remarks-h")
    expect(leader.get_by_role("alert").filter(has_text="批示已添加。")).to_be_visible()

    # The official sees both, and may not add either.
    me.goto(report_path)
    expect(me.get_by_role("region", name="领导批示")).to_contain_text(REMARK)
    expect(me.get_by_role("region", name="点评")).to_contain_text(COMMENT)
    expect(me.get_by_role("textbox")).to_have_count(0)
    assert_layout_holds(me, report_path)

    # Another official's report is refused.
    assert_refused(me, f"/reports/{others_report}")
