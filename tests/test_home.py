from exchange.extensions import db
from exchange.postings.models import Posting


def test_hr_sees_outgoing_and_incoming_of_their_district_only(client, auth, world):
    auth.login("hr.liangjiang")
    page = client.get("/").get_data(as_text=True)
    outgoing, incoming = page.split('id="incoming-h"')
    incoming = incoming.split('id="report-compliance-h"')[0]  # the reports section lists both
    assert "张想" in outgoing and "丁曌" not in outgoing
    assert "丁曌" in incoming and "张想" not in incoming


def test_hr_of_an_uninvolved_district_sees_neither(client, auth, world):
    auth.login("hr.tianfu")
    page = client.get("/").get_data(as_text=True)
    assert "张想" in page and "丁曌" not in page


def test_official_sees_own_posting_with_days_left(client, auth, world, app):
    auth.login("zhangxiang")
    page = client.get("/").get_data(as_text=True)
    # Test "today" is 2026-09-01; the posting runs 2026-06-01 to 2026-12-31.
    assert "天府总部商务区" in page and "副主任" in page
    assert '<dd class="col-sm-9">121</dd>' in page  # days left
    assert '<dd class="col-sm-9">93</dd>' in page  # days served, both ends counted
    assert "张想的草稿" in page and "丁曌的心得" not in page


def test_official_without_a_posting_is_told_so(client, auth, world, app):
    with app.app_context():
        db.session.get(Posting, world.p_dz).status = "completed"
        db.session.commit()
    auth.login("dingzhao")
    page = client.get("/").get_data(as_text=True)
    assert "您当前没有挂职安排" in page and "以往挂职" in page


def test_leader_home_lists_everyone_in_post(client, auth, world):
    auth.login("leader")
    page = client.get("/").get_data(as_text=True)
    assert "张想" in page and "丁曌" in page


def test_posting_page_shows_derived_durations(client, auth, world):
    auth.login("hr.tianfu")
    page = client.get(f"/postings/{world.p_zx}").get_data(as_text=True)
    assert "214 天（约 7 个月）" in page  # 2026-06-01 .. 2026-12-31 inclusive


def test_home_lists_stop_at_twenty_and_say_how_many(client, auth, world, app, monkeypatch):
    """A home page shows the first rows of each list with their number, never every row."""
    from exchange.home import views

    monkeypatch.setattr(views, "HOME_ROWS", 1)
    app.config["LIST_COUNT_CAP"] = 1
    auth.login("leader")
    page = client.get("/").get_data(as_text=True)
    in_post = page.split('id="inpost-h"')[1].split('id="upcoming-h"')[0]
    assert ("张想" in in_post) != ("丁曌" in in_post)  # one of the two in post
    assert "1+ 条符合条件" in in_post and "在名册中查看全部" in in_post
    exact = client.get("/?count=exact").get_data(as_text=True)
    assert "在岗挂职干部 2 人" in exact.split('id="upcoming-h"')[0]


def test_hr_home_lists_postings_under_way_not_history(client, auth, world, app):
    with app.app_context():
        db.session.get(Posting, world.p_zx).status = "completed"
        db.session.commit()
    auth.login("hr.liangjiang")
    outgoing = client.get("/").get_data(as_text=True).split('id="incoming-h"')[0]
    assert "张想" not in outgoing and "direction=outgoing" in outgoing


def test_admin_home_sums_up_districts_and_accounts_without_listing_them(client, auth, world):
    """A region has thousands of accounts: the home page counts them by role and links to
    the pages that list them."""
    auth.login("admin")
    page = client.get("/").get_data(as_text=True)
    assert f'href="/org/districts/{world.lj}"' in page and "/org/accounts" in page

    assert "hr.liangjiang" not in page  # no account is listed by name
