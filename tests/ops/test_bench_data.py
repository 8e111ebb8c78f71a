"""``flask bench-data``: a generated region keeps every rule the app keeps.

Generated at a small scale (about 200 postings) inside each test's transaction, on the
suite's database (SQLite or PostgreSQL).
"""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from exchange import clock, policy
from exchange.dates import add_months
from exchange.extensions import db
from exchange.ops.benchdata import NotEmpty, generate
from exchange.postings import rules
from exchange.postings.models import (
    QUOTA_STATUSES,
    Posting,
    PostingStatus,
    TermChangeRequest,
)
from exchange.postings.services import _term
from exchange.programmes.models import Quota, programme_district
from exchange.reports.models import ReflectionLog
from exchange.reports.schedule import compliance_for
from exchange.rosters.as_of import planned_end_on, status_on
from tests import factories as f

SCALE = 0.002
TABLES = (
    "district",
    "department",
    "programme",
    "cadre",
    "user_account",
    "posting",
    "extension",
    "term_change_request",
    "reflection_log",
    "comment",
    "leave_request",
    "leave_approval",
    "attendance_sheet",
)


@pytest.fixture
def counts(ctx):
    made = generate(SCALE, password=f.PASSWORD)
    db.session.commit()
    return made


def _count(table: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(db.metadata.tables[table]))


def test_sizes_follow_the_scale(counts):
    assert {table: _count(table) for table in TABLES} == {t: counts[t] for t in TABLES}
    assert counts["district"] == 6 and counts["department"] == 6 * 4
    assert counts["cadre"] == 100
    assert 190 <= counts["posting"] <= 200
    assert 1_500 <= counts["reflection_log"] <= 2_600
    for table in ("comment", "leave_request", "attendance_sheet", "extension"):
        assert counts[table] > 0, table


def test_each_posting_has_the_audit_trail_of_its_life(counts):
    """Proposed, then answered, cancelled, started, completed: in time order, each event's
    status where the last one left it, ending at the posting's status (an early end is a
    term change, whose events are not generated)."""
    from exchange.audit.models import AuditEvent

    events: dict[int, list] = {}
    for e in db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == "posting")
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ):
        events.setdefault(e.object_id, []).append(e)
    postings = db.session.scalars(sa.select(Posting)).all()
    assert set(events) == {p.id for p in postings}
    for p in postings:
        trail = events[p.id]
        assert trail[0].action == "posting.propose" and trail[0].actor_id == p.proposed_by_id
        status = None
        for e in trail:
            before, after = e.changes["status"]
            assert before == status, (p.id, e.action)
            status = after
            assert {e.district_id, e.other_district_id} == {p.home_district_id, p.host_district_id}
        expected = PostingStatus.ACTIVE if p.status == PostingStatus.ENDED_EARLY else p.status
        assert status == expected, p.id
    assert counts["audit_event"] == sum(len(t) for t in events.values())


def test_statuses_follow_the_dates(counts):
    today = clock.today()
    for p in db.session.scalars(sa.select(Posting)):
        if p.status in (PostingStatus.PROPOSED, PostingStatus.ACCEPTED):
            assert p.start_date > today and p.actual_end_date is None, p.id
        elif p.status == PostingStatus.ACTIVE:
            assert p.start_date <= today <= p.planned_end_date and p.actual_end_date is None
        elif p.status == PostingStatus.COMPLETED:
            assert p.actual_end_date == p.planned_end_date < today
        elif p.status == PostingStatus.ENDED_EARLY:
            assert p.start_date <= p.actual_end_date < p.planned_end_date
            assert p.actual_end_date <= today and p.end_reason
        else:
            assert p.decision_reason, p.id


def test_the_daily_job_changes_nothing(counts, runner):
    result = runner.invoke(args=["postings", "advance"])
    assert result.exit_code == 0, result.output
    assert "started 0, ended early 0, completed 0" in result.output


def test_postings_keep_the_rules(counts):
    overlaps = sa.select(sa.func.count()).select_from(
        sa.join(
            Posting.__table__.alias("a"),
            Posting.__table__.alias("b"),
            sa.text("a.cadre_id = b.cadre_id AND a.id < b.id"),
        )
    )
    overlaps = overlaps.where(
        sa.text(
            "a.start_date <= COALESCE(b.actual_end_date, b.planned_end_date) "
            "AND b.start_date <= COALESCE(a.actual_end_date, a.planned_end_date)"
        )
    )
    assert db.session.scalar(overlaps) == 0
    used = (
        sa.select(sa.func.count(Posting.id))
        .where(
            Posting.programme_id == Quota.programme_id,
            Posting.home_district_id == Quota.home_district_id,
            Posting.host_district_id == Quota.host_district_id,
            Posting.status.in_(QUOTA_STATUSES),
        )
        .scalar_subquery()
    )
    assert db.session.scalar(sa.select(sa.func.count()).where(used > Quota.max_postings)) == 0
    members = {tuple(row) for row in db.session.execute(sa.select(programme_district))}
    for p in db.session.scalars(sa.select(Posting).where(Posting.status.in_(QUOTA_STATUSES))):
        assert {
            (p.programme_id, p.home_district_id),
            (p.programme_id, p.host_district_id),
        } <= members
        first_end = (
            p.extensions[0].previous_planned_end_date if p.extensions else p.planned_end_date
        )
        term = _term(p)
        assert not rules.check_dates(term), p.id
        assert not rules.check_initial_term(_term(p, planned_end_date=first_end)), p.id
        assert not rules.check_extension(term, first_end), p.id
        assert not rules.check_career_and_gap(term), p.id


def test_term_changes_and_the_roster_of_a_day_agree(counts):
    today = clock.today()
    changed = db.session.scalars(sa.select(TermChangeRequest)).all()
    assert "agreed" in {c.status for c in changed}
    for change in changed:
        posting = change.posting
        if change.is_open:
            assert posting.status == PostingStatus.ACTIVE, change.id
        if change.is_ending and change.applied_at is not None:
            assert posting.actual_end_date == change.new_end_date <= today
    rows = db.session.execute(
        sa.select(
            Posting.status, Posting.actual_end_date, status_on(today), planned_end_on(today)
        ).add_columns(Posting.planned_end_date)
    ).all()
    for status, actual_end, then, planned_then, planned in rows:
        assert then == status or (actual_end == today and then == PostingStatus.ACTIVE)
        assert planned_then == planned
    extended = db.session.scalars(sa.select(Posting).where(Posting.extensions.any())).all()
    for posting in extended:
        (extension,) = posting.extensions
        before = extension.created_at.astimezone(clock.TZ).date() - timedelta(days=1)
        planned_before = db.session.scalar(
            sa.select(planned_end_on(before)).where(Posting.id == posting.id)
        )
        assert planned_before == extension.previous_planned_end_date


def test_reports_are_on_time_late_and_missing_within_their_terms(counts):
    now = datetime.now(UTC)
    reports = db.session.execute(
        sa.select(ReflectionLog, Posting.start_date, Posting.end_date).join(Posting)
    ).all()
    for report, start, end in reports:
        assert start <= report.report_date <= add_months(end, 1), report.id
        assert report.submitted_at is None or report.submitted_at <= now
    postings = db.session.scalars(
        sa.select(Posting).where(Posting.status.in_(("active", "completed", "ended_early")))
    ).all()
    schedules = compliance_for(postings).values()
    assert sum(s.on_time for s in schedules) > sum(s.late for s in schedules) > 0
    assert sum(s.missing for s in schedules) > 0


def test_the_same_seed_gives_the_same_region(ctx):
    def digest():
        generate(SCALE, seed=7, password=f.PASSWORD)
        rows = db.session.execute(
            sa.select(Posting.cadre_id, Posting.start_date, Posting.status).order_by(Posting.id)
        ).all()
        db.session.rollback()
        return rows

    assert digest() == digest()


def test_refuses_a_database_that_holds_data(ctx, runner):
    f.create_district("liangjiang", "两江新区")
    db.session.commit()
    with pytest.raises(NotEmpty):
        generate(SCALE)
    result = runner.invoke(args=["bench-data", "--scale", str(SCALE)])
    assert result.exit_code == 1 and "already holds data" in result.output


PAGES = ["/", "/roster", "/dashboard", "/postings", "/reports", "/cadres", "/audit"]


def test_the_main_pages_open_for_admin_hr_and_leader(app, client, auth, runner):
    result = runner.invoke(args=["bench-data", "--scale", str(SCALE)])
    assert result.exit_code == 0, result.output
    assert ", posting " in result.output and ", reflection_log " in result.output
    with app.app_context():
        posting_id = db.session.scalar(
            sa.select(Posting.id).where(Posting.status == "active", Posting.home_district_id == 1)
        )
        report_id = db.session.scalar(
            sa.select(ReflectionLog.id)
            .join(Posting)
            .where(ReflectionLog.status == "submitted", Posting.host_district_id == 1)
        )
    password = app.config["DEMO_PASSWORD"]
    for username in ("admin", "hr.liangjiang", "leader"):
        assert auth.login(username, password).status_code == 302, username
        for url in [*PAGES, f"/postings/{posting_id}", f"/reports/{report_id}"]:
            expected = 403 if (username, url) == ("leader", "/audit") else 200
            assert client.get(url).status_code == expected, (username, url)
        auth.logout()


@pytest.mark.parametrize("days", [0, 40, 400])
def test_the_bell_counts_what_the_inbox_lists(ctx, counts, days):
    """Counted from plain rows, each feature's to-dos are as many as the inbox lists, for
    every administrator, HR officer and leader and a hundred officials of a generated
    region, on several days."""
    from exchange.auth.models import Role, User
    from exchange.web import todos

    ctx.config["TODAY"] = clock.today() + timedelta(days=days)
    staff = db.session.scalars(sa.select(User).where(User.role != Role.CADRE)).all()
    officials = db.session.scalars(
        sa.select(User).where(User.role == Role.CADRE).order_by(User.id).limit(100)
    ).all()
    users = [*staff, *officials]
    found = dict.fromkeys(todos._COUNTERS, 0)
    for user in users:
        for name, count in todos._COUNTERS.items():
            counted = count(user)
            assert counted == len(todos._LOADERS[name](user)), (user.username, name, days)
            found[name] += counted
    # Today, each kind has something to count (a term change waiting for consent is
    # one in fifty postings in post: a region this small may have none; its count is
    # checked in tests/postings/test_term_changes.py).
    assert days or all(n for name, n in found.items() if name != "term_changes"), found


@pytest.mark.parametrize("days", [0, 400])
def test_the_attendance_list_is_the_months_overview_says_are_due(ctx, counts, days):
    """The inbox's and home page's sheets due (read past the submitted months) are the
    months each posting's overview shows due or late, with the draft sheet they open."""
    from exchange.attendance import schedule
    from exchange.attendance.queries import writable_postings
    from exchange.auth.models import Role, User

    ctx.config["TODAY"] = clock.today() + timedelta(days=days)
    today = clock.today()
    for user in db.session.scalars(sa.select(User).where(User.role.in_((Role.HR, Role.ADMIN)))):
        stmt = writable_postings(user).where(Posting.start_date <= today)
        postings = db.session.scalars(stmt).unique().all()
        expected = sorted(
            (
                (m.due_date, m.posting.id, m.month, m.first, m.last, m.state, m.sheet)
                for overview in schedule.overviews(list(postings), today).values()
                for m in overview.months
                if m.state in (schedule.DUE, schedule.LATE)
            ),
            key=lambda item: item[:3],
        )
        got = [
            (m.due_date, m.posting.id, m.month, m.first, m.last, m.state, m.sheet)
            for m in schedule.outstanding(stmt, today)
        ]
        assert sorted(got, key=lambda item: item[:3]) == expected, user.username
        assert days or not user.district_id or expected, user.username


def _sheet_due(m) -> tuple:
    """A sheet due as a list shows it (its working days come from a calendar of the
    months listed)."""
    return (m.due_date, m.posting.id, m.month, m.first, m.last, m.state, m.sheet, m.working_days)


@pytest.mark.parametrize("batch", [1, 2, 100])
@pytest.mark.parametrize("days", [0, -150, 400])
def test_the_oldest_items_due_are_the_first_of_the_whole_list(
    ctx, counts, monkeypatch, days, batch
):
    """The attendance and talks pages, the home page and the inbox show the oldest sheets
    and talks due, found without building the rest: they are the first of the whole list,
    ties at the last one included, and the inbox's oldest to-dos are its whole list's
    first, for every administrator and HR officer, however many are asked for."""
    from exchange.attendance import schedule
    from exchange.attendance.queries import writable_postings
    from exchange.auth.models import Role, User
    from exchange.talks import queries as talks
    from exchange.web import todos

    ctx.config["TODAY"] = clock.today() + timedelta(days=days)
    today = clock.today()
    cut = 0
    for user in db.session.scalars(sa.select(User).where(User.role.in_((Role.HR, Role.ADMIN)))):
        stmt = writable_postings(user).where(Posting.start_date <= today)
        sheets = [_sheet_due(m) for m in schedule.outstanding(stmt, today)]
        periods = talks.outstanding(user)
        everything = todos.todos_for(user)
        longest = max(len(sheets), len(periods), 2)
        for shown in sorted({1, 3, 40, longest // 5, longest // 3, longest // 2, longest - 1}):
            oldest = [_sheet_due(m) for m in schedule.oldest_outstanding(stmt, shown, today)]
            assert oldest[:shown] == sheets[:shown], (user.username, shown)
            last = oldest[min(shown, len(oldest)) - 1][0] if oldest else None
            assert oldest == [m for m in sheets if m[0] <= last] if oldest else not sheets
            found = talks.oldest_outstanding(user, shown)
            assert found[:shown] == periods[:shown], (user.username, shown)
            last = found[min(shown, len(found)) - 1].last if found else None
            assert found == [p for p in periods if p.last <= last] if found else not periods
            cut += len(sheets) > len(oldest) and len(periods) > len(found)
            assert todos.todos_for(user, oldest=shown) == everything[:shown], user.username
    assert cut, "no list was long enough to be cut"


@pytest.mark.parametrize("newest", [40, 5_000])
def test_an_hr_report_list_pages_as_the_district_postings_say(ctx, counts, monkeypatch, newest):
    """Page by page, an HR officer's report list (the newest reports tested for the
    district first, its postings' reports when they do not fill a page) shows the reports
    read from the district's postings: for every HR officer, with the first look through
    40 reports (a page further back falls back) and through 5,000."""
    from exchange.auth.models import Role, User
    from exchange.reports import queries
    from exchange.web.paging import keyset_page

    monkeypatch.setattr(queries, "NEWEST", newest)
    first_tries = 0
    for user in db.session.scalars(sa.select(User).where(User.role == Role.HR)):
        cursor, pages = None, 0
        while pages < 4:
            kw: dict = {"page_size": 10}
            tried = keyset_page(
                db.session,
                queries.readable_reports(user),
                queries.REPORT_ORDER,
                cursor,
                first_try=queries.newest_readable_reports(user),
                **kw,
            )
            plain = keyset_page(
                db.session, queries.readable_reports(user), queries.REPORT_ORDER, cursor, **kw
            )
            assert [r.id for r in tried.rows] == [r.id for r in plain.rows], user.username
            assert tried.next_token == plain.next_token
            if cursor is None:  # the newest reports alone filled the first page
                found = db.session.scalars(queries.newest_readable_reports(user).limit(11))
                first_tries += len(found.all()) > 10
            if tried.next_cursor is None:
                break
            cursor, pages = tried.next_cursor, pages + 1
    assert first_tries  # some first pages came from the newest reports


@pytest.mark.parametrize("newest", [40, 5_000])
def test_an_hr_report_list_pages_back_as_the_district_postings_say(
    ctx, counts, monkeypatch, newest
):
    """A "previous" link of an HR officer's report list, from a page past the newest
    reports looked through first, shows the page before it: the district's reports, not
    the newest ones the window holds."""
    from exchange.auth.models import Role, User
    from exchange.reports import queries
    from exchange.web.paging import keyset_page

    monkeypatch.setattr(queries, "NEWEST", newest)
    for user in db.session.scalars(sa.select(User).where(User.role == Role.HR)):
        plain = queries.readable_reports(user)
        pages, cursor = [], None
        for _ in range(4):
            page = keyset_page(
                db.session,
                plain,
                queries.REPORT_ORDER,
                cursor,
                page_size=10,
                first_try=queries.newest_readable_reports(user),
            )
            pages.append([r.id for r in page.rows])
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        while page.previous_cursor is not None:
            page = keyset_page(
                db.session,
                plain,
                queries.REPORT_ORDER,
                page.previous_cursor,
                page_size=10,
                first_try=queries.newest_readable_reports(user),
            )
            pages.pop()
            assert [r.id for r in page.rows] == pages[-1], user.username


@pytest.mark.parametrize("newest", [30, 5_000])
def test_an_hr_audit_trail_pages_as_the_district_indexes_say(ctx, counts, monkeypatch, newest):
    """Page by page, an HR officer's audit trail (the newest events tested for the district
    first, the district's events by their indexes when they fall short) shows the events
    the district's indexes give, for every HR officer."""
    from exchange.audit import queries
    from exchange.audit.models import AuditEvent
    from exchange.auth.models import Role, User

    monkeypatch.setattr(queries, "NEWEST", newest)
    first_tries = 0
    for user in db.session.scalars(sa.select(User).where(User.role == Role.HR)):
        before, pages = None, 0
        while pages < 3:
            rows, following = queries.page_of_events(
                db.session, user, queries.AuditFilter(), before
            )
            older = [AuditEvent.id < before] if before is not None else []
            plain = (
                db.session.scalars(
                    queries.visible_events(user, queries.AuditFilter()).where(*older).limit(51)
                )
                .unique()
                .all()
            )
            assert [e.id for e in rows] == [e.id for e in plain[:50]], user.username
            assert following == (plain[49].id if len(plain) > 50 else None)
            if before is None:
                first_tries += len(rows) == 50 and newest > 50
            if following is None:
                break
            before, pages = following, pages + 1
    assert first_tries or newest < 50


@pytest.mark.parametrize("first_look", [20, 5_000])
def test_an_hr_cadre_list_pages_as_the_scope_says(
    app, client, auth, runner, monkeypatch, first_look
):
    """Page by page, an HR officer's cadre list (the next cadres by name tested for the
    district first, the district's by their indexes when they fall short) shows the cadres
    ``cadre_scope`` selects, in order, with the same count."""
    import html
    import re

    from exchange.auth.models import Role, User
    from exchange.cadres import views
    from exchange.cadres.models import Cadre

    monkeypatch.setattr(views, "FIRST_LOOK", first_look)
    result = runner.invoke(args=["bench-data", "--scale", str(SCALE)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        officers = db.session.scalars(
            sa.select(User.username).where(User.role == Role.HR).order_by(User.id).limit(3)
        ).all()
    for username in officers:
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.username == username))
            expected = db.session.scalars(
                sa.select(Cadre.id)
                .join(Cadre.home_department)
                .where(policy.cadre_scope(user))
                .order_by(Cadre.name_pinyin, Cadre.id)
            ).all()
        assert auth.login(username, app.config["DEMO_PASSWORD"]).status_code == 302
        shown, url = [], "/cadres"
        while url and len(shown) < 200:
            page = client.get(url).get_data(as_text=True)
            shown += [int(i) for i in re.findall(r'href="/cadres/(\d+)"', page)]
            following = re.search(r'rel="next" href="([^"]+)"', page)
            url = html.unescape(following.group(1)) if following else None
        assert shown == expected[: len(shown)], username
        assert url or len(shown) == len(expected), username
        auth.logout()


@pytest.mark.parametrize("first_look", [30, 5_000])
def test_an_hr_postings_list_pages_as_the_district_index_says(ctx, counts, monkeypatch, first_look):
    """Page by page, each of an HR officer's lists of one side (the region's newest
    postings tested for the district first, the district's by its index when they fall
    short) shows the postings the district's index gives, for every HR officer."""
    from exchange.auth.models import Role, User
    from exchange.postings import queries
    from exchange.web.paging import keyset_page

    monkeypatch.setattr(queries, "FIRST_LOOK", first_look)
    filled = 0
    for user in db.session.scalars(sa.select(User).where(User.role == Role.HR)):
        for side, conditions in (
            (Posting.home_district_id, []),
            (Posting.host_district_id, [Posting.status == "active"]),
        ):
            plain = queries.visible_postings(user, side == user.district_id, *conditions)
            cursor, pages = None, 0
            while pages < 3:
                first = queries.side_first_try(user, side, conditions, cursor)
                kw: dict = {"page_size": 10}
                tried = keyset_page(
                    db.session, plain, queries.POSTING_ORDER, cursor, first_try=first, **kw
                )
                alone = keyset_page(db.session, plain, queries.POSTING_ORDER, cursor, **kw)
                assert [p.id for p in tried.rows] == [p.id for p in alone.rows], user.username
                assert tried.next_token == alone.next_token
                if cursor is None:
                    filled += len(db.session.scalars(first.limit(11)).unique().all()) > 10
                if tried.next_cursor is None:
                    break
                cursor, pages = tried.next_cursor, pages + 1
    assert filled or first_look < 100


@pytest.mark.parametrize("first_look", [30, 5_000])
def test_an_hr_leave_list_pages_as_the_district_postings_say(ctx, counts, monkeypatch, first_look):
    """Page by page, an HR officer's leave list (the region's newest requests tested for
    the district first, the district's by its postings when they fall short) shows the
    requests of the district's postings, for every HR officer."""
    from exchange.auth.models import Role, User
    from exchange.leave import queries
    from exchange.web.paging import keyset_page

    monkeypatch.setattr(queries, "FIRST_LOOK", first_look)
    filled = 0
    for user in db.session.scalars(sa.select(User).where(User.role == Role.HR)):
        plain = queries.leave_list(user)
        cursor, pages = None, 0
        while pages < 3:
            first = queries.leave_first_try(user, cursor)
            kw: dict = {"page_size": 10}
            tried = keyset_page(
                db.session, plain, queries.LEAVE_ORDER, cursor, first_try=first, **kw
            )
            alone = keyset_page(db.session, plain, queries.LEAVE_ORDER, cursor, **kw)
            assert [x.id for x in tried.rows] == [x.id for x in alone.rows], user.username
            assert tried.next_token == alone.next_token
            if cursor is None:
                filled += len(db.session.scalars(first.limit(11)).unique().all()) > 10
            if tried.next_cursor is None:
                break
            cursor, pages = tried.next_cursor, pages + 1
    assert filled or first_look < 100
