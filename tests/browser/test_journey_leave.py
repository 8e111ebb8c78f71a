"""Journey 4: a demo official in post asks for five working days of leave; the host
side's HR approves from the inbox, then the home side's HR; the official sees the leave
approved and reports back (销假). Each bell rises and falls along the way."""

import re
from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from exchange.auth.models import User
from exchange.extensions import db
from exchange.leave.models import HOLDING_LEAVE, Leave
from exchange.postings.models import Posting, PostingStatus
from exchange.workdays.days import working_days
from tests.browser.conftest import login, server_today

LEAVE_URL = re.compile(r".*/leave/\d+$")


def facts(app):
    """An official in post, her (or his) two HR accounts, and a past Monday–Friday week of
    five working days inside the posting that no demo leave touches."""
    today = server_today(app)
    with app.app_context():
        for username in ("wangjianguo", "lixiaowen"):
            user = db.session.scalar(sa.select(User).where(User.username == username))
            posting = db.session.scalar(
                sa.select(Posting).where(
                    Posting.cadre_id == user.cadre_id, Posting.status == PostingStatus.ACTIVE
                )
            )
            if posting is None or not posting.start_date <= today <= posting.end_date:
                continue
            taken = db.session.scalars(
                sa.select(Leave).where(
                    Leave.posting_id == posting.id, Leave.status.in_(HOLDING_LEAVE)
                )
            ).all()
            monday = today - timedelta(days=today.weekday() + 7)
            while monday >= posting.start_date:
                friday = monday + timedelta(days=4)
                free = all(x.end_date < monday or x.start_date > friday for x in taken)
                if free and working_days(monday, friday) == 5:
                    return (
                        username,
                        f"hr.{posting.host_district.code}",
                        f"hr.{posting.home_district.code}",
                        monday,
                        friday,
                    )
                monday -= timedelta(days=7)
    raise AssertionError(f"no demo official with a free week before {today}")


def bell(page) -> int:
    return int(page.locator("[data-inbox-count]").get_attribute("data-inbox-count"))


def test_five_days_of_leave_through_both_sides(new_page, live_app):
    official, host_hr, home_hr, monday, friday = facts(live_app)
    me, host, home = new_page(), new_page(), new_page()
    login(me, official)
    login(host, host_hr)
    login(home, home_hr)
    start = {"me": bell(me), "host": bell(host), "home": bell(home)}

    # The official asks for the leave from the section on the home page.
    me.get_by_role("link", name="请假").last.click()
    me.get_by_label("请假类别").select_option("family_visit")
    me.get_by_label("开始日期").fill(monday.isoformat())
    me.get_by_label("结束日期").fill(friday.isoformat())
    me.get_by_label("理由").fill("回原单位处理家中事务。")
    me.get_by_role("button", name="请假", exact=True).click()
    me.wait_for_url(LEAVE_URL)
    expect(me.locator("main")).to_contain_text("待审批")
    expect(me.locator("main")).to_contain_text("派出地组织人事部门")  # five days: two steps
    leave_path = me.url

    # Host HR: the bell rose; the inbox links to the leave; approve.
    host.reload()
    assert bell(host) == start["host"] + 1
    host.goto("/notifications")
    host.locator(
        "#todo-list a[href$='"
        + leave_path.rsplit("/", 2)[-2]
        + "/"
        + leave_path.rsplit("/", 1)[-1]
        + "']"
    ).click()
    host.get_by_role("button", name="同意", exact=True).click()
    expect(host.locator(".alert-success")).to_be_visible()
    assert bell(host) == start["host"]

    # Home HR: now it is theirs.
    home.reload()
    assert bell(home) == start["home"] + 1
    home.goto(leave_path)
    home.get_by_role("button", name="同意", exact=True).click()
    expect(home.locator(".alert-success")).to_be_visible()
    assert bell(home) == start["home"]

    # The official: told it was approved, and asked to report back (the week is over).
    me.goto(leave_path)
    expect(me.locator("main")).to_contain_text("已批准")
    assert bell(me) == start["me"] + 2
    me.get_by_label("返岗日期").fill((friday + timedelta(days=3)).isoformat())
    me.get_by_role("button", name="销假", exact=True).click()
    expect(me.locator(".alert-success")).to_be_visible()
    expect(me.locator("main")).to_contain_text("已销假")
    assert bell(me) == start["me"] + 1  # the message stays until read
