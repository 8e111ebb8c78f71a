"""The long list pages page by keyset with a capped count: /postings, /cadres, /reports,
/leave, /talks, /attendance; the landing pages show a first page of each list.

With a count cap of 3 and pages of 2 rows: the first page shows 2 rows and "3+", the
exact figure comes behind ``?count=exact``, following "next" visits every row once and
"previous" walks back through the same pages, a hand-edited cursor gives the first page
and a message (400, as the roster), and a page runs as many statements at N rows as at 3N.
"""

import base64
import html
import json
import re
from datetime import date, timedelta

import pytest

from exchange.attendance.models import AttendanceSheet
from exchange.auth.models import User
from exchange.extensions import db
from exchange.leave.models import Leave
from exchange.org.models import Department
from exchange.programmes.models import Programme
from exchange.talks.models import Talk
from tests import factories as f
from tests.security.helpers import login_session

PAGE_SIZE = 2


@pytest.fixture
def app_config():
    return {"LIST_COUNT_CAP": 3, "LIST_PAGE_SIZE": PAGE_SIZE}


def add_rows(app, world, n: int, first: int = 0) -> None:
    """``n`` more cadres of 两江, each posted to 天府 with a submitted report, a leave
    request, a talk and an attendance sheet; dates in pairs, so the id breaks ties
    between rows of the same date."""
    with app.app_context():
        programme = db.session.get(Programme, world.programme)
        home = db.session.get(Department, world.lj_services)
        host = db.session.get(Department, world.tf_hq)
        author = db.session.get(User, world.user_ids["zx"])
        for i in range(first, first + n):
            cadre = f.create_cadre(f"干部{i:03d}", home, "科员")
            day = date(2025, 1, 1) + timedelta(days=i // 2)
            posting = f.create_posting(
                cadre, host, programme, start_date=day, planned_end_date=date(2026, 12, 31)
            )
            f.create_report(posting, author, title=f"报告{i:03d}", report_date=day)
            db.session.add_all(
                [
                    Leave(
                        posting=posting,
                        kind="personal",
                        start_date=day,
                        end_date=day,
                        reason="事假",
                        status="approved",
                    ),
                    Talk(
                        posting=posting,
                        side="host",
                        talk_date=day,
                        mode="phone",
                        participants="人事处",
                    ),
                    AttendanceSheet(posting=posting, month=day.replace(day=1), days_on_site=20),
                ]
            )
        db.session.commit()


# (role, path, the list's section or None for the whole page, cursor parameter, row link)
LISTS = [
    ("leader", "/postings", None, "cursor", r'href="/postings/(\d+)"'),
    ("hr_lj", "/postings", "outgoing", "outgoing_cursor", r'href="/postings/(\d+)"'),
    ("hr_tf", "/postings", "incoming", "incoming_cursor", r'href="/postings/(\d+)"'),
    ("leader", "/cadres", None, "cursor", r'href="/cadres/(\d+)"'),
    ("hr_lj", "/cadres", None, "cursor", r'href="/cadres/(\d+)"'),
    ("leader", "/reports", None, "cursor", r'href="/reports/(\d+)"'),
    ("hr_tf", "/reports", None, "cursor", r'href="/reports/(\d+)"'),
    ("hr_tf", "/leave", "all-h", "cursor", r'href="/leave/(\d+)"'),
    ("admin", "/talks", "all-h", "cursor", r'href="/talks/(\d+)"'),
    ("hr_tf", "/attendance", "sheets-h", "cursor", r'href="/attendance/(\d+)"'),
]
IDS = [f"{role}{path}-{section or 'all'}" for role, path, section, _p, _r in LISTS]


def part(page: str, section: str | None) -> str:
    """The list's section of the page (the whole page for a page of one list)."""
    if section is None:
        return page
    start = page.index(f'id="{section}"')
    return page[start : page.index("</section>", start)]


def get(client, url: str, section: str | None, expect: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == expect, url
    return part(response.get_data(as_text=True), section)


def link(text: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', text)
    return html.unescape(found.group(1)) if found else None


def rows(text: str, pattern: str) -> list[int]:
    body = text[text.index("<tbody>") : text.index("</tbody>")]
    return [int(x) for x in re.findall(pattern, body)]


def exact_count(client, path: str, section: str | None) -> int:
    text = get(client, f"{path}?count=exact", section)
    caption = re.search(r"共 (\d+) (?:条挂职记录|名干部|份报告|条请假记录|次谈话|份考勤表)", text)
    assert caption, text
    return int(caption.group(1))


@pytest.mark.parametrize(("role", "path", "section", "param", "pattern"), LISTS, ids=IDS)
def test_next_visits_every_row_once_and_previous_walks_back(
    app, client, world, role, path, section, param, pattern
):
    add_rows(app, world, 7)
    login_session(client, app, world.users[role])
    first = get(client, path, section)
    assert len(rows(first, pattern)) == PAGE_SIZE
    assert "3+ 条符合" in first and "count=exact" in first
    total = exact_count(client, path, section)
    assert total > 3

    pages, url, text = [], path, first
    while True:
        pages.append(rows(text, pattern))
        assert f"第 {len(pages)} 页" in text or len(pages) == 1
        if not (url := link(text, "next")):
            break
        assert f"{param}=" in url
        text = get(client, url, section)
    seen = [row for page in pages for row in page]
    assert len(seen) == len(set(seen)) == total
    assert all(len(page) == PAGE_SIZE for page in pages[:-1])

    back = [rows(text, pattern)]
    while url := link(text, "prev"):
        text = get(client, url, section)
        back.append(rows(text, pattern))
    assert back[::-1] == pages
    assert "第 1 页" in text


def _forged(*items) -> str:
    raw = json.dumps(list(items)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# Past the calendar the app allows: refused where the first key is a date (not a name).
PAST_THE_CALENDAR = _forged(["9999-12-31", 1], 0, 2)


FORGED = [
    "!!!",
    _forged([["2026-01-01", 1], 0, 2]),  # a list in place of a date
    _forged(["2026-01-01", True], 0, 2),  # true is no id
    _forged(["2026-01-01", 2**31], 0, 2),  # past the id range
    PAST_THE_CALENDAR,
    _forged(["2026-01-01", 1], 2, 2),  # neither side
    _forged(["2026-01-01", 1], 0, 0),  # no page 0
    _forged(["2026-01-01"], 0, 2),  # too few values
    _forged(["a\x00b", 1], 0, 2),
    "A" * 700,
]


@pytest.mark.parametrize(("role", "path", "section", "param", "pattern"), LISTS, ids=IDS)
def test_a_tampered_cursor_gives_the_first_page_with_a_message(
    app, client, world, role, path, section, param, pattern
):
    add_rows(app, world, 5)
    login_session(client, app, world.users[role])
    first = rows(get(client, path, section), pattern)
    for cursor in FORGED:
        if cursor == PAST_THE_CALENDAR and path == "/cadres":
            continue  # the cadre list is ordered by name: any text is a position in it
        response = client.get(path, query_string={param: cursor})
        page = response.get_data(as_text=True)
        assert response.status_code == 400, cursor
        assert "分页链接无效" in page
        assert rows(part(page, section), pattern) == first


def test_status_and_the_other_lists_places_stay_in_the_links(app, client, world):
    add_rows(app, world, 5)
    login_session(client, app, world.users["hr_lj"])
    first = get(client, "/postings?status=active", "outgoing")
    second = link(first, "next")
    assert "status=active" in second and "outgoing_cursor=" in second
    page = client.get(second).get_data(as_text=True)
    assert "第 2 页" in part(page, "outgoing")
    # A forged cursor of another list is dropped, not carried on in this list's links.
    response = client.get(second + "&incoming_cursor=forged")
    assert response.status_code == 400
    outgoing = part(response.get_data(as_text=True), "outgoing")
    assert rows(outgoing, r'href="/postings/(\d+)"') == rows(
        part(page, "outgoing"), r'href="/postings/(\d+)"'
    )
    assert "incoming_cursor" not in outgoing and "outgoing_cursor=" in link(outgoing, "next")


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("leader", "/postings"),
        ("hr_lj", "/postings"),
        ("hr_lj", "/postings?status=active"),
        ("zx", "/postings"),
        ("leader", "/cadres"),
        ("leader", "/cadres?q=gan"),
        ("leader", "/reports"),
        ("hr_tf", "/reports?q=报告"),
        ("hr_tf", "/leave"),
        ("hr_tf", "/talks"),
        ("hr_tf", "/attendance"),
        ("leader", "/"),
        ("hr_lj", "/"),
    ],
)
def test_statements_do_not_grow_with_rows(app, client, world, count_queries, role, url):
    add_rows(app, world, 4)
    login_session(client, app, world.users[role])
    client.get(url)  # warm: the first request of an app loads what every request shares
    with count_queries() as few:
        assert client.get(url).status_code == 200
    add_rows(app, world, 8, first=4)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), many.statements
    with count_queries() as exact:
        assert client.get(url + ("&" if "?" in url else "?") + "count=exact").status_code == 200
    assert len(exact) == len(few)


@pytest.mark.parametrize("role", ["leader", "hr_lj", "hr_tf"])
def test_a_landing_page_shows_a_first_page_of_its_lists(app, client, world, role):
    """The new postings are active, from 两江 to 天府: one list of each page grows past
    the cap (in post; outgoing; incoming), the other holds the world's one or none."""
    add_rows(app, world, 5)
    login_session(client, app, world.users[role])
    page = client.get("/").get_data(as_text=True)
    assert page.count("3+ 条符合") == 1
    assert "查看全部" in page and "/roster" in page
    exact = client.get("/?count=exact").get_data(as_text=True)
    assert "3+ 条符合" not in exact


def test_a_cursor_round_trips_and_fits_only_its_own_list():
    from exchange.web.paging import PageCursor

    cursor = PageCursor((3, "zhang xiang 张想", 17), before=True, number=4)
    assert PageCursor.decode(cursor.encode(), ("int", "str", "int")) == cursor
    dated = PageCursor((date(2026, 9, 1), 5))
    assert PageCursor.decode(dated.encode(), ("date", "int")) == dated
    with pytest.raises(ValueError):
        PageCursor.decode(cursor.encode(), ("date", "int"))  # a cadre cursor on postings
    with pytest.raises(ValueError):
        PageCursor.decode(dated.encode(), ("str", "int", "int"))
