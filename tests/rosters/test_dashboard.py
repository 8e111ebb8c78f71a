"""Dashboard numbers (SQL aggregates within the user's scope) and statement counts."""

from datetime import date

import pytest

from exchange.extensions import db
from exchange.rosters import dashboard as numbers
from tests.rosters.conftest import user


def test_headline_counts_in_post_starting_and_ending(ctx, roster_world):
    head = numbers.headline(db.session, user("admin"), date(2026, 9, 1))
    assert head == numbers.Headline(in_post=2, starting_soon=1, ending_soon=0)
    head = numbers.headline(db.session, user("admin"), date(2026, 12, 10))
    assert head.ending_soon == 2 and head.starting_soon == 0
    assert numbers.headline(db.session, user("hr.cdedz"), date(2026, 9, 1)).in_post == 1


def test_flow_matrix_this_year_and_all_time(ctx, roster_world):
    w = roster_world
    names = numbers.district_names(db.session)
    all_time = numbers.flow_matrix(db.session, user("admin"), names)
    # The same postings as the reciprocity table: 赵磊's proposal (cd → tf) counts too.
    assert all_time.counts == {(w.lj, w.tf): 2, (w.cd, w.lj): 1, (w.tf, w.lj): 1, (w.cd, w.tf): 1}
    assert all_time.sent(w.lj) == 2 and all_time.received(w.lj) == 2
    this_year = numbers.flow_matrix(db.session, user("admin"), names, year=2026)
    assert this_year.counts == {(w.lj, w.tf): 1, (w.cd, w.lj): 1, (w.tf, w.lj): 1, (w.cd, w.tf): 1}
    hr_cd = numbers.flow_matrix(db.session, user("hr.cdedz"), names)
    assert hr_cd.counts == {(w.cd, w.lj): 1, (w.cd, w.tf): 1}
    assert [name for _id, name in hr_cd.districts] == ["成都经开区", "两江新区", "四川天府新区"]


def test_flow_matrix_and_reciprocity_count_the_same_postings(ctx, roster_world):
    names = numbers.district_names(db.session)
    by_id = dict(names)
    for username in ("admin", "hr.cdedz", "hr.liangjiang"):
        flows = numbers.flow_matrix(db.session, user(username), names).counts
        balances = numbers.reciprocity(db.session, user(username))
        counted = {}
        for b in balances:
            counted[(b.district_a, b.district_b)] = (
                counted.get((b.district_a, b.district_b), 0) + b.a_to_b
            )
            counted[(b.district_b, b.district_a)] = (
                counted.get((b.district_b, b.district_a), 0) + b.b_to_a
            )
        named = {(by_id[h], by_id[t]): n for (h, t), n in flows.items()}
        assert named == {pair: n for pair, n in counted.items() if n}, username


def test_reciprocity_balances_each_pair_against_its_quotas(ctx, roster_world):
    balances = numbers.reciprocity(db.session, user("admin"))
    by_pair = {(b.district_a, b.district_b): b for b in balances}
    lj_tf = by_pair[("两江新区", "四川天府新区")]
    assert (lj_tf.a_to_b, lj_tf.quota_a_to_b, lj_tf.b_to_a, lj_tf.quota_b_to_a) == (2, 5, 1, 5)
    assert lj_tf.balance == 1
    lj_cd = by_pair[("两江新区", "成都经开区")]
    assert (lj_cd.a_to_b, lj_cd.quota_a_to_b, lj_cd.b_to_a, lj_cd.quota_b_to_a) == (0, 3, 1, 3)
    tf_cd = by_pair[("四川天府新区", "成都经开区")]  # 赵磊 proposed cd→tf, no quota
    assert (tf_cd.a_to_b, tf_cd.quota_a_to_b, tf_cd.b_to_a, tf_cd.quota_b_to_a) == (
        0,
        None,
        1,
        None,
    )
    hr_cd = numbers.reciprocity(db.session, user("hr.cdedz"))
    assert {(b.district_a, b.district_b) for b in hr_cd} == {
        ("两江新区", "成都经开区"),
        ("四川天府新区", "成都经开区"),
    }


def test_postings_per_month_fills_empty_months(ctx, roster_world):
    series = numbers.postings_per_month(db.session, user("admin"), date(2026, 9, 1))
    assert len(series) == 24 and series[-1][0] == date(2026, 9, 1)
    counts = dict(series)
    assert counts[date(2026, 6, 1)] == 2 and counts[date(2025, 3, 1)] == 1
    assert sum(counts.values()) == 3  # 陈明 starts in October, after the date


def test_postings_per_month_reaches_back_to_the_earliest_round(ctx, roster_world):
    from exchange.cadres.models import Cadre
    from exchange.org.models import Department
    from exchange.programmes.models import Programme
    from tests import factories as f

    w = roster_world.world
    f.create_posting(
        db.session.get(Cadre, w.cadre_other),
        db.session.get(Department, w.tf_hq),
        db.session.get(Programme, w.programme),
        start_date=date(2020, 9, 7),
        planned_end_date=date(2021, 1, 6),
        actual_end_date=date(2021, 1, 6),
        status="completed",
    )
    series = numbers.postings_per_month(db.session, user("admin"), date(2026, 9, 1))
    assert series[0] == (date(2020, 9, 1), 1) and series[-1][0] == date(2026, 9, 1)
    assert len(series) == 6 * 12 + 1
    chosen = numbers.postings_per_month(
        db.session, user("admin"), date(2026, 9, 1), programme_id=999999
    )
    assert len(chosen) == 24 and sum(n for _m, n in chosen) == 0


def test_timeline_of_a_programme_or_district(ctx, roster_world):
    bars = numbers.timeline(db.session, user("admin"), district_id=roster_world.cd)
    assert [b.cadre for b in bars] == ["丁曌", "赵磊"]
    assert bars[0].end_date == date(2026, 12, 31)


def test_dashboard_page_draws_svg_charts_with_tables(client, auth, roster_world):
    assert auth.login("leader").status_code == 302
    page = client.get(f"/dashboard?district={roster_world.cd}").get_data(as_text=True)
    assert page.count('<svg role="img"') == 2  # the two charts (the bell is an icon)
    assert 'id="stat-in-post">2<' in page
    assert "2026 年开始的挂职" in page and "历年累计" in page
    assert "图表数据" in page and "时间轴中的挂职" in page
    assert "cdn" not in page.lower()


def test_hr_dashboard_shows_only_their_district(client, auth, roster_world):
    assert auth.login("hr.cdedz").status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    assert "丁曌" in page and "张想" not in page
    assert 'id="stat-in-post">1<' in page


@pytest.mark.parametrize("url", ["/roster", "/roster?q=gan&sort=cadre", "/dashboard"])
def test_statements_do_not_grow_with_rows(client, auth, app, world, count_queries, url):
    """5 rows, then 60: the page runs the same number of statements."""
    assert auth.login("admin").status_code == 302
    from exchange.org.models import Department
    from exchange.programmes.models import Programme
    from tests import factories as f

    def add(n):
        with app.app_context():
            programme = db.session.get(Programme, world.programme)
            home = db.session.get(Department, world.lj_science)
            host = db.session.get(Department, world.tf_hq)
            for i in range(n):
                cadre = f.create_cadre(f"干部{i}", home, "科员")
                f.create_posting(
                    cadre,
                    host,
                    programme,
                    start_date=date(2025, 1 + i % 12, 1),
                    planned_end_date=date(2026, 12, 31),
                    status="completed",
                )
            db.session.commit()

    add(3)  # 5 with the world's two
    with count_queries() as few:
        assert client.get(url).status_code == 200
    add(55)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count("干部5") >= 1 or url == "/dashboard"
    assert len(many) == len(few), many.statements
    # 12 + the overdue-reports count of the reports feature + the bell's leave queue (inbox)
    # + the headline's three counts, each through its own index, in place of one scan
    assert len(few) <= 16


def test_home_pages_show_the_headline_numbers_in_scope(client, auth, roster_world):
    assert auth.login("leader").status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "互派挂职概况" in page and "/dashboard" in page
    assert "当前在岗: <strong>2</strong>" in page
    auth.logout()
    assert auth.login("hr.cdedz").status_code == 302
    assert "当前在岗: <strong>1</strong>" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert auth.login("zhangxiang").status_code == 302
    assert "互派挂职概况" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("on", ["2026-09-01", "2026-12-10", "2025-07-20"])
@pytest.mark.parametrize("role", ["leader", "hr_cd", "hr_lj"])
def test_each_headline_numbers_link_lists_exactly_its_rows(
    app, client, auth, roster_world, on, role
):
    import re

    app.config["TODAY"] = on
    assert auth.login(roster_world.world.users[role]).status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    for stat, link in (
        ("stat-in-post", "link-in-post"),
        ("stat-starting", "link-starting"),
        ("stat-ending", "link-ending"),
    ):
        number = int(re.search(rf'id="{stat}">(\d+)<', page).group(1))
        href = re.search(rf'id="{link}" href="([^"]+)"', page).group(1).replace("&amp;", "&")
        roster = client.get(href).get_data(as_text=True)
        assert f"符合条件的挂职共 {number} 条" in roster, (stat, href)


def test_the_timeline_has_year_ticks_a_today_line_and_a_legend(client, auth, roster_world):
    assert auth.login(roster_world.world.users["leader"]).status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    timeline = page[page.index('id="gantt-h"') :]
    assert ">2026</text>" in timeline and ">今天</text>" in timeline
    assert "已结束" in timeline and "尚未开始" in timeline
    assert "2026年6月1日" in timeline  # dates in the Chinese style


@pytest.mark.parametrize("on", ["2026-09-01", "2025-07-20"])
@pytest.mark.parametrize("role", ["leader", "hr_cd", "hr_lj"])
def test_each_flow_matrix_cell_links_to_exactly_its_rows(app, client, auth, roster_world, on, role):
    import re

    app.config["TODAY"] = on
    assert auth.login(roster_world.world.users[role]).status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    cells = re.findall(
        r'<a class="link-dark" id="(flow-[^"]+)" href="([^"]+)"[^>]*>(\d+)</a>', page
    )
    assert cells, page[page.index('id="flow-h"') :][:2000]
    for cell, href, number in cells:
        roster = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
        assert f"符合条件的挂职共 {number} 条" in roster, (cell, href)
        assert 'id="exact-filters"' in roster


def test_home_and_host_district_filters_parse_and_round_trip(ctx, roster_world):
    from exchange.rosters.filters import parse_filter

    w = roster_world
    args = {"home_district": str(w.lj), "host_district": str(w.tf), "counted": "1"}
    filt, problems = parse_filter(args, None)
    assert problems == []
    assert (filt.home_district_id, filt.host_district_id, filt.counted) == (w.lj, w.tf, True)
    assert filt.query_args() == {"home_district": w.lj, "host_district": w.tf, "counted": 1}
    bad, problems = parse_filter({"home_district": "x", "host_district": "9" * 40}, None)
    assert bad.home_district_id is None and bad.host_district_id is None
    assert len(problems) == 2


def test_the_month_chart_has_axis_labels_a_legend_and_chinese_months(client, auth, roster_world):
    import re

    assert auth.login(roster_world.world.users["leader"]).status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    chart = page[page.index('id="month-h"') : page.index("</svg>", page.index('id="month-h"'))]
    assert 'class="chart-legend">双方同意的挂职（按开始月份计）</text>' in chart
    assert 'class="chart-axis-label">开始月份</text>' in chart
    assert 'class="chart-axis-label">挂职</text>' in chart
    months = re.findall(r'class="chart-month">([^<]+)</text>', chart)
    assert months and all(re.fullmatch(r"\d{4}年\d{1,2}月", m) for m in months), months
    assert "2026年1月" in months
    assert not re.search(r">\d{4}-\d{2}</text>", chart)


def test_a_flow_matrix_row_shows_each_cell_escaped_with_its_link_and_dashes_on_the_diagonal(app):
    import re

    matrix = numbers.FlowMatrix(
        districts=[(1, "<b>甲</b>"), (2, "乙 & 丙"), (3, "丁")],
        counts={(1, 1): 2, (1, 2): 4, (2, 1): 1},
        largest=4,
        year=2026,
    )
    with app.test_request_context("/"):
        first, second = matrix.row_cells(1, "<b>甲</b>"), matrix.row_cells(2, "乙 & 丙")
    cells = re.findall(r"<td[^>]*>.*?</td>", str(first))
    assert len(cells) == 3 and "<b>" not in str(first)
    assert cells[0] == '<td class="text-end" style="background: rgba(139, 26, 26, 0.40)">—</td>'
    assert 'id="flow-2026-1-2"' in cells[1] and ">4</a>" in cells[1]
    assert "background: rgba(139, 26, 26, 0.70)" in cells[1]
    assert 'aria-label="&lt;b&gt;甲&lt;/b&gt; 派往 乙 &amp; 丙：4 条挂职，点击查看名单"' in cells[1]
    href = re.search(r'href="([^"]+)"', cells[1]).group(1)
    assert (
        href
        == "/roster?home_district=1&amp;host_district=2&amp;counted=1&amp;starts=2026-01-01..2026-12-31"
    )
    assert cells[2] == '<td class="text-end">0</td>'
    assert re.findall(r"<td[^>]*>.*?</td>", str(second))[1] == '<td class="text-end">—</td>'


def test_in_post_on_a_day_is_on_the_roster_with_the_status_in_post(ctx, world):
    """``in_post_on`` (what the "in post" headline counts) is ``on_roster_of`` with
    ``status_on`` 在岗, for every status and every start, planned and actual end around
    the day, on the days at and around each edge."""
    from datetime import timedelta

    import sqlalchemy as sa

    from exchange.org.models import Department
    from exchange.postings.models import Posting, PostingStatus
    from exchange.programmes.models import Programme
    from exchange.rosters.as_of import in_post_on, on_roster_of, status_on
    from tests import factories as f

    d = date(2026, 9, 1)
    cadre = f.create_cadre("边界", db.session.get(Department, world.lj_services), "科员")
    host = db.session.get(Department, world.tf_hq)
    programme = db.session.get(Programme, world.programme)
    days = [d + timedelta(days=n) for n in (-30, -1, 0, 1, 30)]
    for status in PostingStatus:
        for start in days[:4]:
            for planned in days[1:]:
                if planned <= start:
                    continue
                for actual in (None, *(a for a in days if a >= start)):
                    f.create_posting(
                        cadre,
                        host,
                        programme,
                        start_date=start,
                        planned_end_date=planned,
                        actual_end_date=actual,
                        status=status.value,
                    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Posting)) > 300
    for on in [d + timedelta(days=n) for n in range(-32, 33)]:
        rule = sa.and_(on_roster_of(on), status_on(on) == PostingStatus.ACTIVE.value)
        wanted = set(db.session.scalars(sa.select(Posting.id).where(rule)))
        found = set(db.session.scalars(sa.select(Posting.id).where(in_post_on(on))))
        assert found == wanted, on
        assert numbers.headline(db.session, user("admin"), on).in_post == len(wanted)
