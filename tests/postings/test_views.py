"""The posting pages: each rule's message beside its field, nothing written; the lock; the CLI."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.programmes.models import TermRule
from tests import factories as f


@pytest.fixture
def programme(app, world):
    """A 2027 两江 ⇄ 天府 programme with one place each way and a 3–12 month term."""
    with app.app_context():
        from exchange.org.models import District

        lj, tf = db.session.get(District, world.lj), db.session.get(District, world.tf)
        programme = f.create_programme(
            [lj, tf],
            name="2027批次",
            start_date=date(2027, 1, 1),
            end_date=date(2028, 12, 31),
            quotas=[(lj, tf, 1)],
        )
        programme.term_rules.append(
            TermRule(kind="min_initial_term_months", value=3, source="协议")
        )
        programme.term_rules.append(
            TermRule(kind="max_initial_term_months", value=12, source="协议")
        )
        db.session.commit()
        return programme.id


def form(world, programme, **kw):
    data = {
        "programme_id": programme,
        "home_department_id": world.lj_science,
        "home_position": "副处长",
        "host_department_id": world.tf_hq,
        "host_position": "副主任",
        "portfolio": "",
        "start_date": "2027-03-01",
        "planned_end_date": "2027-08-31",
        "version": "1",  # the cadre's, as the form was opened
    }
    data.update(kw)
    return data


def count_postings(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Posting.id)))


def field_error(html, field_id):
    """The text of the error block that sits beside ``field_id``."""
    marker = f'id="{field_id}-error"'
    assert marker in html, f"no error beside {field_id}"
    start = html.index(marker)
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"host_department_id": "lj_services"}, "host_department_id", "接收单位必须在另一个区域"),
        ({"planned_end_date": "2027-02-01"}, "planned_end_date", "计划结束日期必须晚于开始日期"),
        ({"start_date": "2026-12-01"}, "start_date", "早于本批次的时间范围"),
        ({"planned_end_date": "2029-01-31"}, "planned_end_date", "晚于本批次的时间范围"),
        ({"planned_end_date": "2027-04-30"}, "planned_end_date", "挂职期限最短（月）"),
        ({"planned_end_date": "2028-06-30"}, "planned_end_date", "挂职期限最长（月）"),
        ({"host_position": ""}, "host_position", "必填"),
    ],
)
def test_each_rule_beside_its_field(
    client, auth, world, programme, app, changes, field_id, message
):
    changes = {k: getattr(world, v, v) for k, v in changes.items()}
    auth.login("hr.liangjiang")
    before = count_postings(app)
    response = client.post(
        f"/cadres/{world.cadre_other}/propose", data=form(world, programme, **changes)
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in field_error(html, field_id) or (message == "必填" and field_id in html)
    assert 'value="副处长"' in html  # the form keeps what was typed
    assert count_postings(app) == before


def test_overlap_and_quota_named(client, auth, world, programme, app):
    auth.login("hr.liangjiang")
    ok = client.post(f"/cadres/{world.cadre_other}/propose", data=form(world, programme))
    assert ok.status_code == 302
    again = client.post(
        f"/cadres/{world.cadre_other}/propose",
        data=form(world, programme, start_date="2027-06-01", planned_end_date="2027-12-31"),
    )
    html = again.get_data(as_text=True)
    assert again.status_code == 400
    assert "与挂职 李晓雯 · 四川天府新区天府总部商务区" in field_error(html, "start_date")
    with app.app_context():
        from exchange.cadres.models import Cadre

        extra = f.create_cadre("甲", db.session.get(Cadre, world.cadre_other).home_department)
        db.session.commit()
        extra_id = extra.id
    full = client.post(f"/cadres/{extra_id}/propose", data=form(world, programme))
    assert full.status_code == 400
    assert "该方向 1 个名额已满" in field_error(full.get_data(as_text=True), "host_department_id")


def test_propose_form_defaults_to_the_standard_term(client, auth, world):
    auth.login("hr.liangjiang")
    html = client.get(f"/cadres/{world.cadre_other}/propose").get_data(as_text=True)
    # The world programme (2020–2030, standard 6 months); tomorrow is 2026-09-02.
    assert 'value="2026-09-02"' in html and 'value="2027-03-01"' in html
    assert "<optgroup" in html and "四川天府新区" in html


def test_accept_then_stale_form_is_a_conflict(client, auth, world, programme, app):
    auth.login("hr.liangjiang")
    client.post(f"/cadres/{world.cadre_other}/propose", data=form(world, programme))
    with app.app_context():
        posting = db.session.scalar(sa.select(Posting).where(Posting.cadre_id == world.cadre_other))
        posting_id, version = posting.id, posting.version
    auth.logout()
    auth.login("hr.tianfu")
    page = client.get(f"/postings/{posting_id}").get_data(as_text=True)
    assert f"/postings/{posting_id}/accept" in page
    assert f"/postings/{posting_id}/cancel" not in page  # the proposing side's alone
    assert "/end-early" not in page and "/evaluate" not in page and "/extend" not in page
    # A colleague accepts it meanwhile, from a page opened at the same version.
    moved = client.post(f"/postings/{posting_id}/accept", data={"accept-version": version})
    assert moved.status_code == 302
    stale = client.post(
        f"/postings/{posting_id}/decline",
        data={"decline-version": version, "decline-reason": "名额已满，另行安排"},
    )
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "该挂职在您打开之后已被修改" in html
    assert "名额已满，另行安排" in html  # what was typed stays
    with app.app_context():
        assert db.session.get(Posting, posting_id).status == "accepted"


def test_transition_refused_on_the_page(client, auth, world):
    auth.login("hr.tianfu")
    response = client.post(f"/postings/{world.p_zx}/accept", data={})
    assert response.status_code == 400
    assert "状态为“在岗”的挂职不能接收" in response.get_data(as_text=True)


def test_end_early_needs_reason_beside_field(client, auth, world):
    auth.login("hr.liangjiang")
    response = client.post(
        f"/postings/{world.p_zx}/end-early", data={"end-end_date": "2026-08-20", "end-reason": ""}
    )
    assert response.status_code == 400
    assert 'id="end-reason-error"' in response.get_data(as_text=True)


def test_index_query_count(client, auth, world, app, count_queries):
    """The work list loads its postings with a fixed number of statements, however many."""
    auth.login("hr.liangjiang")
    client.get("/postings")  # warm up caches

    def statements():
        with count_queries() as seen:
            assert client.get("/postings").status_code == 200
        return len(seen)

    few = statements()
    with app.app_context():
        from exchange.cadres.models import Cadre
        from exchange.org.models import Department
        from exchange.programmes.models import Programme

        home = db.session.get(Cadre, world.cadre_other).home_department
        host = db.session.get(Department, world.tf_hq)
        programme = db.session.get(Programme, world.programme)
        for i in range(6):
            cadre = f.create_cadre(f"干部{i}", home)
            f.create_posting(cadre, host, programme, status="proposed")
        db.session.commit()
    assert statements() == few


def test_cli_advance(runner, world, app):
    result = runner.invoke(args=["postings", "advance", "--date", "2027-01-01"])
    assert result.exit_code == 0, result.output
    assert "completed 2" in result.output
    with app.app_context():
        assert db.session.get(Posting, world.p_zx).status == "completed"


def test_propose_form_carries_each_programme_term(client, auth, world):
    auth.login("hr.liangjiang")
    html = client.get(f"/cadres/{world.cadre_other}/propose").get_data(as_text=True)
    assert 'data-term-months="' in html and "js/postings.js" in html


def test_hr_home_lists_waiting_and_ending(client, auth, world, app):
    with app.app_context():
        posting = db.session.get(Posting, world.p_dz)
        posting.planned_end_date = date(2026, 9, 20)  # inside the next 30 days
        from exchange.org.models import Department
        from exchange.programmes.models import Programme

        f.create_posting(
            f.create_cadre("赵六", db.session.get(Department, world.tf_hq)),
            db.session.get(Department, world.lj_science),
            db.session.get(Programme, world.programme),
            start_date=date(2027, 3, 1),
            planned_end_date=date(2027, 8, 31),
            status="proposed",
        )
        db.session.commit()
    auth.login("hr.liangjiang")
    html = client.get("/").get_data(as_text=True)
    assert "未来30天内到期的挂职" in html and "丁曌" in html
    assert "待本区接收的拟派挂职" in html and "赵六" in html
    auth.logout()
    auth.login("hr.tianfu")
    html = client.get("/").get_data(as_text=True)
    assert "待本区接收的拟派挂职" not in html  # nothing waits for 天府


def test_detail_page_ids_are_unique(client, auth, world):
    """Several action forms share one page; each field keeps its own id and label."""
    import re
    from collections import Counter

    auth.login("admin")
    html = client.get(f"/postings/{world.p_zx}").get_data(as_text=True)
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    ids.pop("csrf_token", None)
    assert [i for i, n in ids.items() if n > 1] == []
    assert 'for="extend-reason"' in html and 'for="end-reason"' in html


def test_posting_page_shows_the_reporting_schedule(client, auth, world):
    # Test today is 2026-09-01; monthly reports were due on 07-01 and 08-01.
    auth.login("hr.tianfu")
    page = client.get(f"/postings/{world.p_zx}").get_data(as_text=True)
    assert "报告计划" in page and "缺交" in page
