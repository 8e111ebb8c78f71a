"""Browsing the audit trail: scope per role, filters, pages, detail, read-only."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.extensions import db


def test_admin_sees_every_event_with_old_and_new_values(client, auth, world, make_event):
    make_event(
        "posting.extend",
        districts=(world.lj, world.tf),
        summary="张想 延期",
        changes={"planned_end_date": ["2026-12-31", "2027-03-31"]},
        ip_address="10.1.2.3",
        request_id="req-abc123",
    )
    auth.login("admin")
    body = client.get("/audit").get_data(as_text=True)
    assert "posting.extend" in body and "张想 延期" in body
    assert "2026-12-31" in body and "2027-03-31" in body
    assert "10.1.2.3" in body and "req-abc123" in body


def test_times_are_shown_in_shanghai_time(client, auth, world, make_event):
    event_id = make_event(created_at=datetime(2026, 9, 1, 17, 30, tzinfo=UTC))
    auth.login("admin")
    body = client.get(f"/audit/{event_id}").get_data(as_text=True)
    assert "01:30" in body  # 17:30 UTC is 01:30 the next day in Asia/Shanghai
    assert "2026年9月2日" in body


def test_hr_sees_only_events_of_their_district(client, auth, world, make_event):
    # About a posting 天府's HR may open (an event about a record gone shows no content).
    mine = make_event(
        "posting.accept", districts=(world.cd, world.tf), summary="天府相关", object_id=world.p_zx
    )
    theirs = make_event("posting.accept", districts=(world.cd, world.lj), summary="与天府无关")
    auth.login("hr.tianfu")
    body = client.get("/audit?action=posting.").get_data(as_text=True)
    assert "天府相关" in body and "与天府无关" not in body
    assert client.get(f"/audit/{mine}").status_code == 200
    response = client.get(f"/audit/{theirs}")
    assert response.status_code == 403
    assert "与天府无关" not in response.get_data(as_text=True)
    # Asking for another district by filter narrows the own scope, it does not widen it.
    body = client.get(f"/audit?district_id={world.lj}").get_data(as_text=True)
    assert "与天府无关" not in body


@pytest.mark.parametrize("user", ["leader", "zhangxiang"])
def test_others_cannot_read_the_trail(client, auth, world, make_event, user):
    event_id = make_event(districts=(world.lj, None))
    auth.login(user)
    assert client.get("/audit").status_code == 403
    assert client.get(f"/audit/{event_id}").status_code == 403


def test_filters(client, auth, world, make_event):
    make_event(
        "user.create",
        actor_name="admin",
        object_type="user_account",
        object_id=7,
        summary="甲",
        created_at=datetime(2026, 8, 1, 3, tzinfo=UTC),
    )
    make_event(
        "user.update",
        actor_name="admin",
        object_type="user_account",
        object_id=8,
        summary="乙",
        created_at=datetime(2026, 8, 20, 3, tzinfo=UTC),
    )
    make_event(
        "posting.accept",
        actor_name="hr.tianfu",
        object_type="posting",
        object_id=7,
        summary="丙",
        districts=(world.tf, None),
        created_at=datetime(2026, 8, 20, 3, tzinfo=UTC),
    )
    auth.login("admin")

    def shown(query):
        body = client.get("/audit?" + query).get_data(as_text=True)
        return {s for s in "甲乙丙" if f'<span class="small">{s}</span>' in body}

    assert shown("action=user.") == {"甲", "乙"}
    assert shown("actor=hr.tianfu") == {"丙"}
    assert shown("object_type=user_account&object_id=7") == {"甲"}
    assert shown(f"district_id={world.tf}") == {"丙"}
    assert shown("date_from=2026-08-10&date_to=2026-08-20") == {"乙", "丙"}
    assert shown("date_to=2026-08-01") == {"甲"}


def test_bad_filters_give_400_with_messages_and_no_500(client, auth, world):
    auth.login("admin")
    response = client.get("/audit?date_from=2026-09-10&date_to=2026-09-01&object_id=abc")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "截止日期早于起始日期" in body and 'id="object_id-error"' in body
    assert client.get("/audit?before=-5&action=%00%27").status_code == 400


def test_pages_of_fifty_newest_first(app, client, auth, world):
    with app.app_context():
        db.session.add_all(
            AuditEvent(action="test.bulk", summary=f"事件{i:03d}", object_id=i) for i in range(120)
        )
        db.session.commit()
    auth.login("admin")
    first = client.get("/audit?action=test.").get_data(as_text=True)
    assert "事件119" in first and "事件070" in first and "事件069" not in first
    with app.app_context():
        boundary = db.session.scalar(
            sa.select(AuditEvent.id).where(AuditEvent.summary == "事件070")
        )
    assert f"before={boundary}" in first
    second = client.get(f"/audit?action=test.&before={boundary}").get_data(as_text=True)
    assert "事件069" in second and "事件020" in second and "事件070" not in second
    assert "事件019" not in second


def test_list_uses_a_fixed_number_of_statements(
    app, client, auth, world, make_event, count_queries
):
    auth.login("admin")
    client.get("/audit")  # warm up: login and the user loader's queries

    def statements_for_page():
        with count_queries() as seen:
            assert client.get("/audit").status_code == 200
        return len(seen)

    make_event(districts=(world.lj, world.tf))  # the records are loaded once per kind
    few = statements_for_page()
    for key in ("hr_lj", "hr_tf", "leader", "zx"):
        make_event(
            actor_id=world.user_ids[key],
            actor_name=world.users[key],
            districts=(world.lj, world.tf),
        )
    assert statements_for_page() == few
    assert few <= 8  # the page, the user, the events, their records (one per kind)


def test_no_route_changes_the_trail(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/audit"):
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule.rule


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writing_to_an_event_is_not_allowed(client, auth, world, make_event, method):
    event_id = make_event()
    auth.login("admin")
    response = getattr(client, method)(f"/audit/{event_id}")
    assert response.status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        "actor=%00",
        "actor=a%20b",
        "action=%00",
        "object_id=99999999999999",
        "district_id=%00",
        "date_from=2026-13-01",
        "before=abc",
        "object_type=%00",
    ],
)
def test_hostile_filters_give_400_or_200_never_500(client, auth, world, query):
    auth.login("admin")
    assert client.get("/audit?" + query).status_code in (200, 400)


def test_home_pages_of_admin_and_hr_show_recent_events_in_scope(client, auth, world, make_event):
    make_event(
        "posting.accept", districts=(world.tf, None), summary="天府最近", object_id=world.p_zx
    )
    make_event("posting.accept", districts=(world.cd, None), summary="经开区最近")
    auth.login("hr.tianfu")
    body = client.get("/").get_data(as_text=True)
    assert "天府最近" in body and "经开区最近" not in body
    auth.logout()
    auth.login("admin")
    body = client.get("/").get_data(as_text=True)
    assert "天府最近" in body and "经开区最近" in body


def test_events_read_as_sentences_in_the_users_language(client, auth, world, make_event):
    make_event(
        "posting.accept",
        districts=(world.lj, world.tf),
        changes={"status": ["proposed", "accepted"]},
    )
    make_event(
        "appraisal.correct_grade",  # no words yet: the code shows as it is
        object_type="appraisal",
        changes={"final_grade": ["excellent", "competent"]},
    )
    make_event("auth.login", object_type="user")
    auth.login("admin")
    body = client.get("/audit").get_data(as_text=True)
    assert "接收挂职" in body and "登录" in body
    assert "状态" in body and "拟派" in body and "已接收" in body
    assert "确定等次" in body and "优秀" in body and "称职" in body
    assert "appraisal.correct_grade" in body


def test_dates_in_summaries_show_in_the_chinese_style_and_stay_iso_when_stored(
    app, client, auth, world, make_event
):
    event_id = make_event(
        "posting.extend",
        districts=(world.lj, world.tf),
        summary="张想 延期 2026-10-08 至 2026-10-09；编号 2026-13-45",
    )
    auth.login("admin")
    listed = client.get("/audit").get_data(as_text=True)
    detail = client.get(f"/audit/{event_id}").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    for body in (listed, detail, home):
        assert "2026年10月8日 至 2026年10月9日" in body
        assert "2026-10-08" not in body
        assert "2026-13-45" in body  # not a date: left as it is
    with app.app_context():
        stored = db.session.get(AuditEvent, event_id).summary
    assert stored == "张想 延期 2026-10-08 至 2026-10-09；编号 2026-13-45"
