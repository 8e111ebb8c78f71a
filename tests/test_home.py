from exchange.extensions import db
from exchange.postings.models import Posting


def test_hr_sees_outgoing_and_incoming_of_their_district_only(client, auth, world):
    auth.login("hr.liangjiang")
    page = client.get("/").get_data(as_text=True)
    outgoing, incoming = page.split("派入")
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
