"""Report pages: what each person sees, bad input, search."""

import pytest
import sqlalchemy as sa

from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports.models import Comment, ReflectionLog
from tests import factories as f
from tests.security.browser import form_values


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def opened(client, page, action=None) -> dict:
    """What the form on ``page`` posting to ``action`` sends untouched (its version too)."""
    html = client.get(page).get_data(as_text=True)
    return form_values(html, action or page, page)


def form(w, **overrides):
    data = {
        "posting_id": w.p_zx,
        "kind": "monthly",
        "title": "七月工作报告",
        "report_date": "2026-07-31",
        "body": "**工作成效**：对接企业 12 家。<script>alert(1)</script>",
        "tags": "工作成效",
    }
    data.update(overrides)
    return data


def test_write_submit_and_read(app, client, auth, world):
    auth.login("zhangxiang")
    response = client.post("/reports/new", data={**opened(client, "/reports/new"), **form(world)})
    assert response.status_code == 302
    report_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "<strong>工作成效</strong>" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert client.get(f"/reports/{report_id}/submit").status_code == 200
    submit = f"/reports/{report_id}/submit"
    assert client.post(submit, data=opened(client, submit)).status_code == 302
    assert client.get(f"/reports/{report_id}/edit").status_code == 403
    auth.logout()
    auth.login("hr.tianfu")
    assert client.get(f"/reports/{report_id}").status_code == 200
    page, action = f"/reports/{report_id}", f"/reports/{report_id}/comments"
    data = {**opened(client, page, action), "body": "已阅。"}
    assert client.post(action, data=data).status_code == 302
    auth.logout()
    auth.login("leader")
    action = f"/reports/{report_id}/remarks"
    data = {**opened(client, page, action), "body": "望继续努力。"}
    response = client.post(action, data=data)
    assert response.status_code == 302
    auth.logout()
    auth.login("zhangxiang")
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "已阅。" in page and "望继续努力。" in page
    assert page.index('id="remarks-h"') < page.index('id="comments-h"')


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"body": ""}, "必填"),
        ({"body": "字" * 20_001}, "20000"),
        ({"title": ""}, "必填"),
        ({"report_date": "2020-01-02"}, "2026年6月1日"),
        ({"period_end_date": "2027-01-05"}, "2026年12月31日"),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(app, client, auth, world, overrides, message):
    auth.login("zhangxiang")
    before = count(app, ReflectionLog)
    data = {**opened(client, "/reports/new"), **form(world, **overrides)}
    response = client.post("/reports/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app, ReflectionLog) == before


def test_the_articles_misprinted_date_is_refused_with_the_postings_dates(app, client, auth, world):
    auth.login("zhangxiang")
    data = {**opened(client, "/reports/new"), **form(world, report_date="2020-01-02")}
    response = client.post("/reports/new", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "2020年1月2日" in text and "2026年6月1日" in text and "2026年12月31日" in text


def test_someone_elses_posting_is_refused(app, client, auth, world):
    auth.login("dingzhao")
    before = count(app, ReflectionLog)
    response = client.post("/reports/new", data=form(world))
    assert response.status_code == 400
    assert count(app, ReflectionLog) == before


def test_editing_a_submitted_report_changes_nothing(app, client, auth, world):
    auth.login("zhangxiang")
    response = client.post(f"/reports/{world.r_zx}/edit", data=form(world, title="偷改"))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(ReflectionLog, world.r_zx).title == "张想的心得"


def test_stale_edit_is_a_conflict(app, client, auth, world):
    auth.login("zhangxiang")
    with app.app_context():
        version = db.session.get(ReflectionLog, world.r_zx_draft).version
    data = form(world, version=str(version - 1 if version > 1 else version + 5))
    response = client.post(f"/reports/{world.r_zx_draft}/edit", data=data)
    assert response.status_code == 409


def test_new_version_keeps_history(app, client, auth, world):
    auth.login("zhangxiang")
    page = f"/reports/{world.r_zx}/versions/new"
    data = {**opened(client, page), **form(world, kind="reflection", title="补充说明")}
    response = client.post(page, data=data)
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/reports/{new_id}").get_data(as_text=True)
    assert "张想的心得" in page and "补充说明" in page
    with app.app_context():
        assert db.session.get(ReflectionLog, new_id).parent_id == world.r_zx


def test_search_finds_chinese_words_only_in_readable_reports(app, client, auth, world):
    with app.app_context():
        p_zx = db.session.get(Posting, world.p_zx)
        p_dz = db.session.get(Posting, world.p_dz)
        f.create_report(p_zx, p_zx.cadre.user, title="总部经济", body="会展博览 100%_达成")
        f.create_report(p_zx, p_zx.cadre.user, status="draft", title="草稿", body="会展博览草稿")
        f.create_report(p_dz, p_dz.cadre.user, title="科技金融", body="会展博览也在两江")
        db.session.commit()
    auth.login("hr.tianfu")  # 张想's host side only
    page = client.get("/reports?q=会展博览").get_data(as_text=True)
    assert "总部经济" in page and "科技金融" not in page and "草稿" not in page
    page = client.get("/reports?q=100%25_").get_data(as_text=True)
    assert "总部经济" in page
    page = client.get("/reports?q=%25").get_data(as_text=True)
    assert "科技金融" not in page and "张想的心得" not in page  # % is taken literally
    auth.logout()
    auth.login("zhangxiang")
    page = client.get("/reports?q=会展博览").get_data(as_text=True)
    assert "总部经济" in page and "草稿" in page and "科技金融" not in page
    auth.logout()
    auth.login("leader")
    page = client.get("/reports?q=会展博览").get_data(as_text=True)
    assert "总部经济" in page and "科技金融" in page and "草稿" not in page


def test_my_reports_page_shows_posting_and_schedule(client, auth, world):
    auth.login("zhangxiang")
    page = client.get("/reports/mine").get_data(as_text=True)
    assert "张想的草稿" in page and "张想的心得" in page
    assert "2026年7月1日" in page  # the first monthly due date
    assert "缺交" in page  # nothing filed for July and August as of 2026-09-01


def test_hr_home_shows_overdue_and_compliance(client, auth, world):
    auth.login("hr.tianfu")
    page = client.get("/").get_data(as_text=True)
    assert "逾期未交" in page or "缺交" in page
    assert "张想" in page


def test_comment_written_through_the_form_is_audited(app, client, auth, world):
    auth.login("hr.liangjiang")
    page, action = f"/reports/{world.r_zx}", f"/reports/{world.r_zx}/comments"
    client.post(action, data={**opened(client, page, action), "body": "阅。"})
    assert count(app, Comment, Comment.report_id == world.r_zx) == 1
    from exchange.audit.models import AuditEvent

    assert count(app, AuditEvent, AuditEvent.action == "report.comment") == 1


def test_write_link_fills_in_the_period(client, auth, world):
    auth.login("zhangxiang")
    page = client.get(
        f"/reports/new?posting_id={world.p_zx}&kind=monthly"
        "&period_start=2026-07-02&period_end=2026-08-01"
    ).get_data(as_text=True)
    assert 'value="2026-07-02"' in page and 'value="2026-08-01"' in page
    assert client.get("/reports/new?period_start=nonsense").status_code == 200


def test_report_list_does_not_grow_queries_with_reports(app, client, auth, world, count_queries):
    def queries_for_list():
        with count_queries() as statements:
            assert client.get("/reports").status_code == 200
        return len(statements)

    auth.login("leader")
    few = queries_for_list()
    with app.app_context():
        for posting_id in (world.p_zx, world.p_dz):
            posting = db.session.get(Posting, posting_id)
            for n in range(5):
                f.create_report(posting, posting.cadre.user, title=f"报告{n}")
        db.session.commit()
    assert queries_for_list() == few


def test_the_preview_button_renders_the_typed_text_and_saves_nothing(app, client, auth, world):
    auth.login("zhangxiang")
    before = count(app, ReflectionLog)
    data = {**opened(client, "/reports/new"), **form(world, body="> 引用一段话\n\n**要点**")}
    response = client.post("/reports/new", data={**data, "preview": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "预览（尚未保存）" in page
    assert "<blockquote>" in page and "<strong>要点</strong>" in page
    assert "<script" not in page.split("report-body")[1].split("</div>")[0]
    assert count(app, ReflectionLog) == before


def test_a_cadre_has_my_postings_and_my_reports_in_the_top_bar(client, auth, world):
    auth.login("zhangxiang")
    nav = client.get("/").get_data(as_text=True).split('id="mainnav"')[1].split("</ul>")[0]
    assert "我的挂职" in nav and "我的报告" in nav
    assert 'href="/reports"' not in nav
    auth.logout()
    auth.login("hr.tianfu")
    nav = client.get("/").get_data(as_text=True).split('id="mainnav"')[1].split("</ul>")[0]
    assert "我的挂职" not in nav and 'href="/reports"' in nav


@pytest.mark.parametrize("username", ["hr.tianfu", "admin"])
def test_the_list_reads_only_what_it_shows(app, client, auth, world, username):
    """An HR officer's list sorts the district's reports: their bodies and their authors
    are not carried through the sort (the page shows title, kind, official, district,
    date and status)."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def log(conn, cursor, statement, parameters, context, executemany):
        if "FROM reflection_log" in statement and "ORDER BY" in statement:
            seen.append(statement)

    auth.login(username)
    sa.event.listen(engine, "before_cursor_execute", log)
    try:
        page = client.get("/reports").get_data(as_text=True)
    finally:
        sa.event.remove(engine, "before_cursor_execute", log)
    assert "张想" in page and "四川天府新区" in page  # the official and the host district
    # An HR officer's list may read twice: the region's newest reports first, then, when
    # they do not fill the page, the district's (``queries.newest_readable_reports``).
    assert 1 <= len(seen) <= (2 if username.startswith("hr.") else 1)
    for statement in seen:
        assert "reflection_log.body" not in statement and "user_account" not in statement
