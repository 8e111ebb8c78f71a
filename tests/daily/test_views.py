"""The pages: the bell rises and falls along a leave's journey, refusals sit next to their
field, the printed form, the posting page's sections, private talk notes."""

import re
from datetime import date

import sqlalchemy as sa

from exchange.extensions import db
from exchange.leave.models import Leave
from exchange.talks.models import Talk
from tests.conftest import AuthActions


def bell(client) -> int:
    body = client.get("/notifications").get_data(as_text=True)
    return int(re.search(r'data-inbox-count="(\d+)"', body).group(1))


def login(app, world, key):
    client = app.test_client()
    assert AuthActions(client).login(world.users[key]).status_code == 302
    return client


def leave_version(app, leave_id):
    with app.app_context():
        return db.session.get(Leave, leave_id).version


def test_the_bell_along_a_five_day_leave(app, world):
    zx, host, home = (login(app, world, k) for k in ("zx", "hr_tf", "hr_lj"))
    counts = {"zx": bell(zx), "host": bell(host), "home": bell(home)}
    response = zx.post(
        f"/postings/{world.p_zx}/leave/new",
        data={"kind": "family_visit", "start_date": "2026-09-14", "end_date": "2026-09-18",
              "reason": "回重庆探望父母。"},
    )  # fmt: skip
    assert response.status_code == 302
    leave_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert bell(host) == counts["host"] + 1 and bell(home) == counts["home"]

    version = leave_version(app, leave_id)
    assert (
        host.post(f"/leave/{leave_id}/approve", data={"decision-version": version}).status_code
        == 302
    )
    assert bell(host) == counts["host"] and bell(home) == counts["home"] + 1

    version = leave_version(app, leave_id)
    assert (
        home.post(f"/leave/{leave_id}/approve", data={"decision-version": version}).status_code
        == 302
    )
    assert bell(home) == counts["home"] and bell(zx) == counts["zx"] + 1
    page = zx.get(f"/leave/{leave_id}").get_data(as_text=True)
    assert "已批准" in page


def test_a_refused_request_shows_the_reason_next_to_its_field(app, world):
    zx = login(app, world, "zx")
    response = zx.post(
        f"/postings/{world.p_zx}/leave/new",
        data={
            "kind": "personal",
            "start_date": "2026-05-20",
            "end_date": "2026-05-22",
            "reason": "x",
        },
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="start_date-error"' in body and "挂职期内" in body
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Leave.id))) == 0


def test_the_printed_form_and_the_posting_page(app, world):
    zx = login(app, world, "zx")
    response = zx.post(
        f"/postings/{world.p_zx}/leave/new",
        data={
            "kind": "sick",
            "start_date": "2026-08-10",
            "end_date": "2026-08-11",
            "reason": "就医。",
        },
    )
    leave_id = int(response.headers["Location"].rsplit("/", 1)[1])
    printed = zx.get(f"/leave/{leave_id}/print").get_data(as_text=True)
    assert "挂职干部请销假审批单" in printed and "接收地组织人事部门意见" in printed
    host = login(app, world, "hr_tf")
    page = host.get(f"/postings/{world.p_zx}").get_data(as_text=True)
    for heading in ('id="leave-h"', 'id="attendance-h"', 'id="talks-h"'):
        assert heading in page
    assert "待你审批的请假" in host.get("/").get_data(as_text=True)


def test_the_official_sees_that_a_talk_took_place_not_the_notes(app, world):
    home = login(app, world, "hr_lj")
    response = home.post(
        f"/postings/{world.p_zx}/talks/new",
        data={"talk_date": "2026-08-20", "mode": "phone", "participants": "干部科、张想",
              "issues": "住房困难需协调"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        talk_id = db.session.scalar(sa.select(Talk.id))
    zx = login(app, world, "zx")
    assert "住房困难需协调" not in zx.get(f"/talks/{talk_id}").get_data(as_text=True)
    assert "住房困难需协调" in home.get(f"/talks/{talk_id}").get_data(as_text=True)
    assert date(2026, 8, 20).strftime("%Y") in zx.get(f"/postings/{world.p_zx}").get_data(
        as_text=True
    )


def test_the_leaders_home_lists_reports_awaiting_a_remark_with_filters(app, world):
    leader = login(app, world, "leader")
    home = leader.get("/").get_data(as_text=True)
    assert "待批示的报告" in home and "张想的心得" in home and "丁曌的心得" in home
    only_dz = leader.get("/?ar_person=丁曌").get_data(as_text=True)
    assert "丁曌的心得" in only_dz and "张想的心得" not in only_dz
    by_district = leader.get(f"/?ar_district={world.tf}").get_data(as_text=True)
    assert "张想的心得" in by_district and "丁曌的心得" not in by_district
    later = leader.get("/?ar_from=2026-07-01&ar_kind=reflection").get_data(as_text=True)
    assert "张想的心得" not in later


def test_the_programme_page_shows_the_daily_rules(app, world):
    admin = login(app, world, "admin")
    page = admin.get(f"/programmes/{world.programme}").get_data(as_text=True)
    assert 'id="leave-rules-h"' in page and 'id="attendance-rules-h"' in page
    assert "默认规则" in page


def test_the_talks_page_lists_the_oldest_periods_due_and_says_how_many(app, world, monkeypatch):
    """An administrator's list of talks due spans the region: the page shows the oldest
    and the total, each with the official's name and a link to the posting."""
    from exchange.talks import views
    from exchange.talks.models import TalkRule

    with app.app_context():
        for side in ("home", "host"):
            db.session.add(TalkRule(programme_id=world.programme, side=side, every_months=3))
        db.session.commit()
    admin = login(app, world, "admin")
    everything = admin.get("/talks").get_data(as_text=True)
    due = everything[everything.index('id="due-h"') : everything.index('id="all-h"')]
    rows = re.findall(r'href="/postings/(\d+)">([^<]+)</a>', due)
    assert len(rows) >= 4 and ("张想" in dict(rows).values())
    assert "此处列出最早的" not in due
    monkeypatch.setattr(views, "DUE_SHOWN", 2)
    page = admin.get("/talks").get_data(as_text=True)
    due = page[page.index('id="due-h"') : page.index('id="all-h"')]
    assert len(re.findall(r'href="/postings/(\d+)"', due)) == 2
    assert f"共 {len(rows)} 项，此处列出最早的 2 项。" in due


def test_the_inbox_lists_the_oldest_to_dos_and_counts_them_all(app, world, monkeypatch):
    from exchange.auth.models import User
    from exchange.notifications import views
    from exchange.postings.models import Posting
    from tests import factories as f

    with app.app_context():  # two reports of the last days, awaiting the leader's 批示
        author = db.session.get(User, world.user_ids["zx"])
        for day in (date(2026, 8, 20), date(2026, 8, 27)):
            f.create_report(db.session.get(Posting, world.p_zx), author, report_date=day)
        db.session.commit()
    leader = login(app, world, "leader")
    page = leader.get("/notifications").get_data(as_text=True)
    listed = re.findall(r'href="(/reports/\d+)"', page[page.index('id="todo-list"') :])
    assert len(listed) == 2 and 'id="todo-more"' not in page
    assert bell(leader) == 2
    monkeypatch.setattr(views, "INBOX_SHOWN", 1)
    page = leader.get("/notifications").get_data(as_text=True)
    todo_list = page[page.index('id="todo-list"') : page.index('id="messages-h"')]
    assert re.findall(r'href="(/reports/\d+)"', todo_list) == listed[:1]
    assert "共 2 项，此处列出最早的 1 项。" in page and bell(leader) == 2


def test_the_attendance_page_lists_the_oldest_sheets_due_and_says_how_many(app, world, monkeypatch):
    """As the talks page: an administrator's sheets due span the region, so the page shows
    the oldest and says how many there are."""
    from exchange.attendance import views

    admin = login(app, world, "admin")
    page = admin.get("/attendance").get_data(as_text=True)
    due = page[page.index('id="due-h"') : page.index('id="sheets-h"')]
    rows = due.count("<tr") - 1  # the header row
    assert rows >= 2 and "此处列出最早的" not in due
    monkeypatch.setattr(views, "DUE_SHOWN", 1)
    page = admin.get("/attendance").get_data(as_text=True)
    due = page[page.index('id="due-h"') : page.index('id="sheets-h"')]
    assert due.count("<tr") - 1 == 1
    assert f"共 {rows} 项，此处列出最早的 1 项。" in due
