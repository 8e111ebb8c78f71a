"""Reading through the API: the pages' scopes, paging by cursor, ETags."""

import dataclasses
import re
from datetime import date

import pytest
import sqlalchemy as sa

from exchange.extensions import db


def test_every_read_endpoint_answers_the_admin(api, world):
    admin = api("admin")
    for url in (
        "/api/v1/districts",
        f"/api/v1/districts/{world.lj}",
        "/api/v1/departments",
        f"/api/v1/departments/{world.tf_hq}",
        "/api/v1/cadres",
        f"/api/v1/cadres/{world.cadre_zx}",
        "/api/v1/programmes",
        f"/api/v1/programmes/{world.programme}",
        "/api/v1/postings",
        f"/api/v1/postings/{world.p_zx}",
        "/api/v1/reports",
        f"/api/v1/reports/{world.r_zx}",
        "/api/v1/leave",
        "/api/v1/attendance",
        "/api/v1/notifications",
        "/api/v1/roster",
    ):
        response = admin.get(url)
        assert response.status_code == 200, (url, response.json)
        assert response.headers["ETag"]


def test_a_posting_shows_what_its_page_shows(api, world):
    body = api("hr_tf").get(f"/api/v1/postings/{world.p_zx}").json
    assert body["host_district_id"] == world.tf and body["status"] == "active"
    assert set(body["actions"]) == {"extend", "end-early"}
    assert body["extensions"] == [] and body["appraisals"] == [] and body["term_changes"] == []
    assert api("hr_cd").get(f"/api/v1/postings/{world.p_zx}").status_code == 403
    assert api("zx").get(f"/api/v1/postings/{world.p_zx}").json["actions"] == []


def test_lists_keep_to_the_users_scope(api, world):
    ids = {p["id"] for p in api("hr_cd").get("/api/v1/postings").json["items"]}
    assert ids == {world.p_dz}
    titles = {r["title"] for r in api("zx").get("/api/v1/reports").json["items"]}
    assert titles == {"张想的心得", "张想的草稿"}
    titles = {r["title"] for r in api("hr_tf").get("/api/v1/reports").json["items"]}
    assert titles == {"张想的心得"}
    assert api("zx").get("/api/v1/cadres").status_code == 403


def test_a_list_pages_by_an_opaque_cursor(api, world):
    admin = api("admin")
    first = admin.get("/api/v1/departments?limit=3").json
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = admin.get(f"/api/v1/departments?limit=3&cursor={first['next_cursor']}").json
    seen = [d["id"] for d in first["items"] + second["items"]]
    assert len(seen) == len(set(seen)) == 4 and second["next_cursor"] is None


@pytest.mark.parametrize("cursor", ["nonsense", "eyJhZnRlciI6ICJ4In0", "W10"])
def test_a_forged_cursor_is_refused(api, world, cursor):
    response = api("admin").get(f"/api/v1/departments?cursor={cursor}")
    assert response.status_code == 422
    assert response.json["error"]["fields"]["cursor"][0]["code"] == "invalid"


def test_an_etag_answers_304_when_nothing_changed(api, world):
    admin = api("admin")
    response = admin.get(f"/api/v1/postings/{world.p_zx}")
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"1\.[0-9a-f]{16}"', etag)
    again = admin.get(f"/api/v1/postings/{world.p_zx}", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_the_roster_is_the_roster_pages_rows(app, api, world, client, auth):
    """Same filters, same as-of date, same query function: the same rows in the same order."""
    query = f"district={world.lj}&as_of=2026-09-01&sort=cadre"
    rows = api("hr_lj").get(f"/api/v1/roster?{query}").json
    auth.login("hr.liangjiang")
    page = client.get(f"/roster?{query}").get_data(as_text=True)
    shown = re.findall(r'href="/postings/(\d+)"', page)
    assert [str(r["posting_id"]) for r in rows["items"]] == list(dict.fromkeys(shown))
    assert rows["total"] == len(rows["items"]) >= 1
    assert {r["cadre_name"] for r in rows["items"]} <= set(
        re.findall(r"[\u4e00-\u9fff]{2,3}", page)
    )


def test_a_roster_filter_the_page_would_drop_is_refused(api, world):
    response = api("leader").get("/api/v1/roster?as_of=yesterday")
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid"


def test_the_roster_is_not_for_officials(api, world):
    assert api("zx").get("/api/v1/roster").status_code == 403


def test_lists_load_no_relation_row_by_row(app, api, world, count_queries):
    """More rows than the N+1 guard allows (tests/queries.py); a fixed number of statements."""
    from exchange.extensions import db
    from exchange.org.models import Department
    from exchange.programmes.models import Programme
    from tests import factories as f

    with app.app_context():
        programme = db.session.get(Programme, world.programme)
        host = db.session.get(Department, world.tf_hq)
        home = db.session.get(Department, world.lj_science)
        for n in range(4):
            cadre = f.create_cadre(f"干部{n}", home, "科长")
            author = f.create_user(f"cadre.extra{n}", "cadre", cadre=cadre)
            posting = f.create_posting(cadre, host, programme, status="active")
            f.create_report(posting, author, title=f"报告{n}")
        db.session.commit()
    admin = api("admin")
    admin.get("/api/v1/districts")  # the token's first use records it (a write), not counted
    for url in ("/api/v1/postings", "/api/v1/reports", "/api/v1/programmes", "/api/v1/roster"):
        with count_queries() as statements:
            assert admin.get(url).status_code == 200, url
        assert len(statements) <= 8, (url, statements)


def test_a_programme_shows_its_change_requests_and_whether_it_is_a_draft(app, api, world):
    from exchange.auth.models import User
    from exchange.programmes import changes
    from exchange.programmes.models import Programme

    with app.test_request_context():
        programme = db.session.get(Programme, world.programme)
        hr_lj = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
        data = dataclasses.replace(changes.data_of(programme), end_date=date(2031, 6, 30))
        change = changes.propose_programme_change(
            programme, data, hr_lj, programme.version, "延长批次窗口"
        )
        db.session.commit()
        change_id = change.id
    body = api("hr_tf").get(f"/api/v1/programmes/{world.programme}").json
    assert body["is_draft"] is False
    [shown] = body["change_requests"]
    assert shown["id"] == change_id and shown["status"] == "pending"
    assert shown["changes"]["end_date"][1] == "2031-06-30" and shown["reason"] == "延长批次窗口"
    assert world.tf in shown["awaiting_ids"]
