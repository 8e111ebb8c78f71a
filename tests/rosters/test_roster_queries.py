"""The roster's filters, search, sort and keyset paging, on the query layer."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange.extensions import db
from exchange.org.models import District
from exchange.rosters import queries
from exchange.rosters.filters import Cursor, RosterFilter, parse_filter
from exchange.rosters.queries import iter_roster, roster_page
from tests.rosters.conftest import user


def names(username, **filters):
    rows = iter_roster(db.session, user(username), RosterFilter(**filters))
    return sorted(row.cadre_name for row in rows)


ALL = ["丁曌", "张想", "王芳", "赵磊", "陈明"]


def test_admin_and_leader_see_every_posting(ctx, roster_world):
    assert names("admin") == ALL
    assert names("leader") == ALL


def test_hr_sees_only_postings_touching_their_district(ctx, roster_world):
    assert names("hr.cdedz") == ["丁曌", "赵磊"]
    assert names("hr.tianfu") == ["张想", "王芳", "赵磊", "陈明"]
    assert names("zhangxiang") == ["张想"]  # the scope clause, even if the view refuses


def test_district_as_home_host_or_either(ctx, roster_world):
    w = roster_world
    assert names("admin", district_id=w.cd, district_role="home") == ["丁曌", "赵磊"]
    assert names("admin", district_id=w.cd, district_role="host") == []
    assert names("admin", district_id=w.lj, district_role="host") == ["丁曌", "陈明"]
    assert names("admin", district_id=w.lj) == ["丁曌", "张想", "王芳", "陈明"]


def test_direction_is_relative_to_the_hr_officers_district(ctx, roster_world):
    assert names("hr.liangjiang", direction="outgoing") == ["张想", "王芳"]
    assert names("hr.liangjiang", direction="incoming") == ["丁曌", "陈明"]


def test_department_programme_and_status(ctx, roster_world):
    w = roster_world
    assert names("admin", department_id=w.tf_approvals) == ["王芳", "陈明"]
    assert names("admin", programme_id=w.world.programme) == ALL
    assert names("admin", programme_id=999999) == []
    assert names("admin", status="proposed") == ["赵磊"]
    assert names("admin", status="ended_early") == ["王芳"]


def on_roster(on, **filters):
    rows = iter_roster(db.session, user("admin"), RosterFilter(as_of_date=on, **filters))
    return sorted((row.cadre_name, row.status) for row in rows)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 2, 28), []),  # the day before 王芳's start
        (date(2025, 3, 1), [("王芳", "active")]),  # start day
        (date(2025, 7, 31), [("王芳", "active")]),  # actual end day (ended early)
        (date(2025, 8, 1), [("王芳", "ended_early")]),  # the day after: ended, planned to 08-31
        (date(2025, 8, 31), [("王芳", "ended_early")]),
        (date(2025, 9, 1), []),  # past the planned end: off the roster
        (date(2026, 5, 31), []),  # the day before 张想 and 丁曌 start
        (date(2026, 6, 1), [("丁曌", "active"), ("张想", "active")]),
        (date(2026, 9, 30), [("丁曌", "active"), ("张想", "active")]),  # before 陈明's start
        (
            date(2026, 10, 1),
            [("丁曌", "active"), ("张想", "active"), ("陈明", "accepted")],
        ),
        (
            date(2026, 12, 31),  # planned end day; 赵磊 proposed from 11-01
            [("丁曌", "active"), ("张想", "active"), ("赵磊", "proposed"), ("陈明", "accepted")],
        ),
        (date(2027, 1, 1), [("赵磊", "proposed"), ("陈明", "accepted")]),
        (date(2027, 3, 31), [("赵磊", "proposed"), ("陈明", "accepted")]),
        (date(2027, 4, 1), [("赵磊", "proposed")]),
        (date(2027, 5, 1), []),
    ],
)
def test_the_roster_of_a_day_at_the_edges_of_a_posting(ctx, roster_world, on, expected):
    assert on_roster(on) == expected


@pytest.mark.parametrize(
    "query", ["张想", "张", "zhang xiang", "Zhāng Xiǎng", "zhangxiang", "ZhangXiang", "zx", "xiang"]
)
def test_pinyin_and_chinese_search_find_zhang_xiang(ctx, roster_world, query):
    assert names("admin", q=query) == ["张想"]


def test_search_by_department_name(ctx, roster_world):
    assert names("admin", q="行政审批") == ["王芳", "陈明"]
    assert names("admin", q="现代服务业") == ["张想", "王芳", "陈明"]


def test_search_escapes_like_wildcards(ctx, roster_world):
    assert names("admin", q="%") == []
    assert names("admin", q="_") == []


@pytest.mark.parametrize("inline", [0, 1, 2_000])
@pytest.mark.parametrize("query", ["zx", "张", "现代服务业", "行政审批", "a", "%", "无此人"])
def test_a_page_finds_what_the_search_matches_however_the_matches_are_passed(
    ctx, roster_world, monkeypatch, query, inline
):
    """The page reads the matched cadres and departments once and passes their ids on;
    past ``MATCHES_INLINE`` the statements test the search themselves. Same rows either way."""
    monkeypatch.setattr(queries, "MATCHES_INLINE", inline)
    admin = user("admin")
    page = roster_page(db.session, admin, RosterFilter(q=query))
    assert sorted(row.cadre_name for row in page.rows) == names("admin", q=query)
    assert page.total.value == len(names("admin", q=query)) and page.total.exact
    small = roster_page(db.session, admin, RosterFilter(q=query), page_size=1)
    assert [row.cadre_name for row in small.rows] == [row.cadre_name for row in page.rows][:1]


def test_sort_by_each_column_is_total_and_reversible(ctx, roster_world):
    admin = user("admin")
    for sort in ("cadre", "home_district", "host_department", "programme", "planned_end", "status"):
        up = [r.posting_id for r in iter_roster(db.session, admin, RosterFilter(sort=sort))]
        down = [
            r.posting_id
            for r in iter_roster(db.session, admin, RosterFilter(sort=sort, descending=True))
        ]
        assert sorted(up) == sorted(down) and len(up) == 5
        assert up == list(reversed(down)), sort
    by_name = [r.cadre_name for r in iter_roster(db.session, admin, RosterFilter(sort="cadre"))]
    assert by_name == ["陈明", "丁曌", "王芳", "张想", "赵磊"]  # by pinyin


def _walk(session, admin, filt, page_size):
    """Follow next links to the end, then previous links back to the start."""
    pages, page = [], roster_page(session, admin, filt, page_size)
    pages.append([r.posting_id for r in page.rows])
    while page.next_cursor:
        assert len(pages) <= 100, "the next links never end"
        page = roster_page(
            session, admin, RosterFilter(**{**filt.__dict__, "cursor": page.next_cursor}), page_size
        )
        pages.append([r.posting_id for r in page.rows])
    back = [[r.posting_id for r in page.rows]]
    while page.previous_cursor:
        assert len(back) <= 100, "the previous links never end"
        page = roster_page(
            session,
            admin,
            RosterFilter(**{**filt.__dict__, "cursor": page.previous_cursor}),
            page_size,
        )
        back.append([r.posting_id for r in page.rows])
    return pages, list(reversed(back))


@pytest.mark.parametrize("sort", ["start", "status", "cadre"])
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_paging_has_no_duplicates_or_gaps_with_ties(ctx, many_postings, sort, descending):
    admin = user("admin")
    filt = RosterFilter(sort=sort, descending=descending)
    everything = [r.posting_id for r in iter_roster(db.session, admin, filt)]
    pages, back = _walk(db.session, admin, filt, page_size=7)
    flat = [pid for page in pages for pid in page]
    assert flat == everything
    assert len(set(flat)) == len(flat)
    assert all(len(page) == 7 for page in pages[:-1])
    assert back == pages


@pytest.mark.parametrize(
    "sort", ["start", "status", "cadre", "home_district", "host_department", "programme"]
)
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("inline", [0, 2_000])
def test_a_searchs_pages_are_the_searched_roster_in_its_order(
    ctx, many_postings, monkeypatch, sort, descending, inline
):
    """A search's page sorts the matched postings' ids, then joins the page's rows (or,
    with too many matches to pass on, tests the postings in the roster's order): the
    pages, both ways, are the searched roster's rows in order, whatever the sort."""
    monkeypatch.setattr(queries, "MATCHES_INLINE", inline)
    admin = user("admin")
    filt = RosterFilter(q="干部", sort=sort, descending=descending)
    everything = [r.posting_id for r in iter_roster(db.session, admin, filt)]
    assert len(everything) == 58
    pages, back = _walk(db.session, admin, filt, page_size=7)
    assert [pid for page in pages for pid in page] == everything
    assert back == pages


def test_parse_filter_drops_bad_values_with_messages(ctx):
    filt, problems = parse_filter(
        {
            "district": "x",
            "district_role": "sideways",
            "direction": "outgoing",
            "department": "-1",
            "programme": "1e9",
            "status": "lost",
            "as_of": "2026-02-30",
            "sort": "password",
            "cursor": "!!!",
            "q": "  zx  ",
        },
        user_district_id=None,
    )
    assert filt == RosterFilter(q="zx")
    assert len(problems) == 9


def test_filter_round_trips_through_the_url(ctx):
    filt = RosterFilter(
        district_id=3,
        district_role="host",
        direction="incoming",
        status="active",
        as_of_date=date(2026, 9, 1),
        q="张",
        sort="planned_end",
        descending=True,
        cursor=Cursor(date(2026, 12, 31), 17),
    )
    again, problems = parse_filter(
        {k: str(v) for k, v in filt.query_args().items()}, user_district_id=1
    )
    assert problems == []
    assert again == filt and again.cursor == filt.cursor


def test_an_accepted_posting_not_started_shows_as_accepted_on_past_days(ctx, world):
    from exchange.org.models import Department
    from exchange.programmes.models import Programme
    from tests import factories as f

    late = f.create_cadre("刘迟", db.session.get(Department, world.lj_science), "科长")
    f.create_posting(
        late,
        db.session.get(Department, world.tf_hq),
        db.session.get(Programme, world.programme),
        start_date=date(2026, 8, 1),
        planned_end_date=date(2027, 1, 31),
        status="accepted",  # agreed, but has not actually started yet
    )
    assert ("刘迟", "accepted") in on_roster(date(2026, 8, 15))  # past: did not serve
    assert "刘迟" not in [name for name, _s in on_roster(date(2026, 8, 15), status="active")]
    assert ("刘迟", "accepted") in on_roster(date(2027, 1, 31))


def test_status_sorts_in_workflow_order_not_by_code(ctx, roster_world):
    rows = iter_roster(db.session, user("admin"), RosterFilter(sort="status"))
    statuses = [row.status for row in rows]
    order = ["proposed", "accepted", "active", "completed", "ended_early", "declined", "cancelled"]
    assert statuses == sorted(statuses, key=order.index)
    assert statuses[0] == "proposed" and statuses[-1] == "ended_early"


def test_districts_sort_by_display_order_then_pinyin(ctx, roster_world):
    from exchange.org.models import District

    def homes():
        filt = RosterFilter(sort="home_district")
        return [row.home_district for row in iter_roster(db.session, user("admin"), filt)]

    by_pinyin = homes()
    assert (
        by_pinyin.index("成都经开区")
        < by_pinyin.index("两江新区")
        < by_pinyin.index("四川天府新区")
    )
    db.session.get(District, roster_world.cd).display_order = 9
    db.session.flush()
    assert homes()[-1] == "成都经开区"


@pytest.mark.parametrize("sort", ["start", "status", "cadre", "host_department", "programme"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    "who, filters",
    [("hr.liangjiang", {}), ("hr.tianfu", {"status": "completed"}), ("admin", {"district_id": 0})],
)
def test_a_districts_pages_are_its_roster_in_order(
    ctx, many_postings, sort, descending, who, filters
):
    """An HR officer's roster, or a district's, sorts the district's postings as ids and
    joins the page's rows only: the pages, both ways, are the roster's rows in order."""
    viewer = user(who)
    if "district_id" in filters:
        lj = sa.select(District.id).where(District.code == "liangjiang")
        filters = {"district_id": db.session.scalar(lj)}
    filt = RosterFilter(sort=sort, descending=descending, **filters)
    everything = [r.posting_id for r in iter_roster(db.session, viewer, filt)]
    assert len(everything) > 7
    pages, back = _walk(db.session, viewer, filt, page_size=7)
    assert [pid for page in pages for pid in page] == everything
    assert back == pages
