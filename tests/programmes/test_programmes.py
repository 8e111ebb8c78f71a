"""Programmes: the reciprocity ledger from SQL aggregates, and the form with quotas and rules."""

from datetime import date

import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db
from exchange.org.models import Department
from exchange.postings.ledger import ledger
from exchange.programmes.models import Programme
from tests import factories as f


def test_ledger_counts_each_way(ctx, world):
    programme = db.session.get(Programme, world.programme)
    # A finished 天府 → 两江 posting, and a declined one that does not count.
    tf_cadre = f.create_cadre("王五", db.session.get(Department, world.tf_hq))
    lj_science = db.session.get(Department, world.lj_science)
    f.create_posting(
        tf_cadre, lj_science, programme, date(2025, 1, 1), date(2025, 3, 31), "completed"
    )
    f.create_posting(
        tf_cadre, lj_science, programme, date(2025, 6, 1), date(2025, 9, 30), "declined"
    )
    admin_user = db.session.get(User, world.user_ids["admin"])
    rows = {(r.home.code, r.host.code): r for r in ledger(programme, admin_user)}
    assert len(rows) == 6
    lj_tf, tf_lj, cd_lj = (
        rows[("liangjiang", "tianfu")],
        rows[("tianfu", "liangjiang")],
        rows[("cdedz", "liangjiang")],
    )
    assert (lj_tf.postings, lj_tf.quota) == (1, 5)
    assert lj_tf.person_months == round(214 / (365.25 / 12), 1)  # 2026-06-01 .. 12-31
    assert (tf_lj.postings, tf_lj.person_months) == (1, round(90 / (365.25 / 12), 1))
    assert lj_tf.posting_imbalance == 0 and tf_lj.month_imbalance < 0
    assert (cd_lj.postings, cd_lj.posting_imbalance) == (1, 1)
    assert rows[("tianfu", "cdedz")].quota is None


def test_ledger_shows_an_hr_officer_only_the_pairs_of_their_district(ctx, world):
    programme = db.session.get(Programme, world.programme)
    hr_cd = db.session.get(User, world.user_ids["hr_cd"])
    pairs = {(r.home.code, r.host.code) for r in ledger(programme, hr_cd)}
    assert pairs == {
        ("cdedz", "liangjiang"),
        ("liangjiang", "cdedz"),
        ("cdedz", "tianfu"),
        ("tianfu", "cdedz"),
    }
    leader = db.session.get(User, world.user_ids["leader"])
    assert len(ledger(programme, leader)) == 6


def test_detail_shows_ledger(client, auth, world):
    auth.login("leader")
    html = client.get(f"/programmes/{world.programme}").get_data(as_text=True)
    assert "互派对等情况" in html and "+1" in html


def form(world, **kw):
    data = {
        "name": "2027年第三批",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "standard_term_months": "6",
        "report_cadence_months": "1",
        "team_leader": "李晓雯",
        "district_ids": [world.lj, world.tf],
        f"quota_{world.lj}_{world.tf}": "3",
        f"quota_{world.tf}_{world.lj}": "2",
        "rule_max_initial_term_months": "12",
        "source_max_initial_term_months": "挂职时间一般为1至2年",
    }
    data.update(kw)
    return data


def test_create_with_quotas_and_rules(client, auth, world, app):
    auth.login("hr.liangjiang")
    response = client.post("/programmes/new", data=form(world))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        programme = db.session.scalar(sa.select(Programme).where(Programme.name == "2027年第三批"))
        assert {(q.home_district_id, q.max_postings) for q in programme.quotas} == {
            (world.lj, 3),
            (world.tf, 2),
        }
        assert [(r.kind, r.value, r.source) for r in programme.term_rules] == [
            ("max_initial_term_months", 12, "挂职时间一般为1至2年")
        ]
        programme_id = programme.id
    page = client.get(f"/programmes/{programme_id}/edit").get_data(as_text=True)
    assert "挂职时间一般为1至2年" in page


def test_form_refusals_beside_fields(client, auth, world):
    auth.login("hr.liangjiang")
    bad = client.post(
        "/programmes/new",
        data=form(world, end_date="2026-12-01", **{f"quota_{world.lj}_{world.cd}": "1"}),
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "结束日期必须晚于开始日期" in html
    assert f'id="quota_{world.lj}_{world.cd}-error"' in html
    other = client.post("/programmes/new", data=form(world, district_ids=[world.tf, world.cd]))
    assert "本区域必须参加该批次" in other.get_data(as_text=True)
