"""The missing reports summarised by day (``exchange.reports.gaps``) equal what the
postings and their reports give, after random changes made the ways the app makes them;
the dashboard's overdue count read from them equals the overdue list for the region, for
each district's HR and for leaders, on any day; the migration fills them alike."""

import importlib.util
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from exchange import clock
from exchange.auth.models import Role, User
from exchange.extensions import db
from exchange.ops.benchdata import generate
from exchange.postings.models import Posting, PostingStatus
from exchange.postings.services import advance_postings
from exchange.programmes.models import Programme
from exchange.reports import gaps, overdue
from exchange.reports.models import ReflectionLog, ReportKind, ReportStatus
from exchange.reports.schedule import overdue_items
from exchange.reports.services import ReportData, create_report, submit_report
from tests import factories as f

MIGRATION = Path(__file__).parents[2] / "migrations/versions/20261206_i19_report_gaps.py"


def _migration():
    spec = importlib.util.spec_from_file_location("report_gaps_migration", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


def test_a_postings_gaps_are_its_missing_reports_and_the_day_it_leaves():
    start, end = date(2026, 1, 31), date(2026, 7, 30)
    # Monthly from 31 January: due 28 Feb, 31 Mar, 30 Apr, 31 May, 30 Jun (the 31 July one
    # is after the end). Periods 1 and 3 filed; the final summary not yet.
    days, leaves = gaps.part_of("completed", start, end, 1, None, "202", None)
    assert days == (
        date(2026, 3, 31),
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 8, 14),  # the final summary, 15 days after the end
    )
    assert leaves == date(2026, 9, 28)  # 60 days after the end
    # In post: never leaves; quarterly: due 30 Apr only; final submitted: no final gap.
    assert gaps.part_of("active", start, end, 3, None, "", date(2026, 8, 1)) == (
        (date(2026, 4, 30),),
        None,
    )
    # Reports asked for only from 1 May: the periods before are not expected.
    assert gaps.part_of("active", start, end, 1, date(2026, 5, 1), "", None)[0][0] == date(
        2026, 5, 31
    )
    assert gaps.part_of("accepted", start, end, 1, None, "", None) is None
    assert gaps.part_of("active", start, end, 1, None, "22222", date(2026, 7, 1)) is None


def test_the_migration_works_a_part_out_with_the_same_arithmetic():
    migration = _migration()
    rng = random.Random(5)
    for _ in range(3_000):
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(2_000))
        end = start + timedelta(days=rng.randrange(1, 900))
        status = rng.choice(["active", "completed", "ended_early", "accepted", "proposed"])
        cadence = rng.choice([None, 0, 1, 2, 3, 6, 12])
        required = rng.choice([None, start + timedelta(days=rng.randrange(-100, 600))])
        periods = "".join(rng.choice("012") for _ in range(rng.randrange(12)))
        final = rng.choice([None, end + timedelta(days=rng.randrange(30))])
        values = (status, start, end, cadence, required, periods, final)
        assert migration.part_of(*values) == gaps.part_of(*values), values


def _in_step():
    connection = db.session.connection()
    assert gaps.stored(connection) == gaps.computed(connection)


def _counts_are_the_lists(on):
    users = db.session.scalars(
        sa.select(User).where(User.role.in_((Role.ADMIN, Role.HR, Role.LEADER))).order_by(User.id)
    ).all()
    for user in users:
        listed = len(overdue_items(user, on))
        assert overdue.overdue_count(user, on) == listed, (user.username, on)
        assert overdue.counted_from_postings(user, on) == listed, (user.username, on)


def _official_of(posting):
    return db.session.scalar(
        sa.select(User).where(User.cadre_id == posting.cadre_id, User.role == Role.CADRE)
    )


def _submit_reports(rng, postings, round_):
    today = clock.today()
    for posting in rng.sample(postings, min(6, len(postings))):
        author = _official_of(posting)
        last = min(posting.end_date, today)
        if last < posting.start_date or author is None:
            continue
        day = posting.start_date + timedelta(
            days=rng.randrange((last - posting.start_date).days + 1)
        )
        kind = ReportKind.FINAL if rng.random() < 0.2 else ReportKind.MONTHLY
        report = create_report(
            posting, author, ReportData(kind.value, f"第{round_}轮", day, "小结。")
        )
        if rng.random() < 0.8:  # the rest stay drafts, which file nothing
            submit_report(report, author)


def _extension(rng, served, active, programmes):  # a later planned end: more periods
    for posting in rng.sample(active, 3):
        posting.planned_end_date += timedelta(days=rng.randrange(60, 200))


def _start_moved(rng, served, active, programmes):  # an earlier start: periods renumber
    for posting in rng.sample(active, 3):
        posting.start_date -= timedelta(days=rng.randrange(20, 90))


def _ended_early(rng, served, active, programmes):
    posting = rng.choice(active)
    posting.status = PostingStatus.ENDED_EARLY
    posting.actual_end_date = max(
        posting.start_date + timedelta(days=1), clock.today() - timedelta(days=5)
    )


def _actual_end(rng, served, active, programmes):  # finished postings' ends corrected
    with_gaps = gaps.stored(db.session.connection())[0]
    ended = [p for p in served if p.actual_end_date is not None and p.id in with_gaps]
    for posting in rng.sample(ended, 3):
        posting.actual_end_date = max(
            posting.start_date + timedelta(days=1),
            posting.actual_end_date - timedelta(days=rng.randrange(40, 90)),
        )


def _required_from(rng, served, active, programmes):  # reports asked for from a day only
    programme = rng.choice(programmes)
    programme.reports_required_from = programme.start_date + timedelta(days=rng.randrange(400))


def _cadence(rng, served, active, programmes):
    programme = rng.choice(programmes)
    programme.report_cadence_months = rng.choice(
        [c for c in (1, 2, 3, 6) if c != programme.report_cadence_months]
    )


def _district(rng, served, active, programmes):  # sent from, or to, another district
    for n, posting in enumerate(rng.sample(active, 4)):
        sides = (posting.host_district_id, posting.home_district_id)
        other = rng.choice([p for p in served if p.home_district_id not in sides])
        if n % 2:
            posting.host_district_id = other.home_district_id
            posting.host_department_id = other.home_department_id
        else:
            posting.home_district_id = other.home_district_id
            posting.home_department_id = other.home_department_id


def _programme(rng, served, active, programmes):  # to a programme with another cadence
    posting = rng.choice(active)
    cadence = posting.programme.report_cadence_months
    posting.programme_id = rng.choice(
        [p.id for p in programmes if p.report_cadence_months != cadence]
    )


def _advance(rng, served, active, programmes):  # the daily job starts and ends postings
    advance_postings(clock.today() + timedelta(days=rng.randrange(30, 400)))


def _report_removed(rng, served, active, programmes):  # by hand: the app keeps them
    """One of the reports this test submitted (no version, comment or file refers to it)."""
    submitted = db.session.scalars(
        sa.select(ReflectionLog)
        .where(ReflectionLog.status == ReportStatus.SUBMITTED, ReflectionLog.title.like("第%轮"))
        .order_by(ReflectionLog.id)
    ).all()
    db.session.delete(rng.choice(submitted))


# Each change alone in its round, on postings whose gaps it changes.
CHANGES = [
    _extension,
    _ended_early,
    _required_from,
    _district,
    _cadence,
    _programme,
    _start_moved,
    _actual_end,
    _advance,
    _extension,
    _ended_early,
    _report_removed,
    _required_from,
    _district,
]


def test_the_summary_stays_in_step_through_random_changes(ctx):
    generate(0.002, password=f.PASSWORD)
    db.session.commit()
    _in_step()
    rng = random.Random(17)
    today = clock.today()
    programmes = db.session.scalars(sa.select(Programme).order_by(Programme.id)).all()
    for round_, change in enumerate(CHANGES):
        served = db.session.scalars(
            sa.select(Posting)
            .where(Posting.status.in_((PostingStatus.ACTIVE, PostingStatus.COMPLETED)))
            .order_by(Posting.id)
        ).all()
        active = [p for p in served if p.status == PostingStatus.ACTIVE]
        _submit_reports(rng, served, round_)
        change(rng, served, active, programmes)
        db.session.flush()
        _in_step()
        db.session.commit()
        _counts_are_the_lists(today + timedelta(days=rng.randrange(-400, 120)))


def test_a_deleted_posting_takes_its_gaps_with_it(ctx):
    lj = f.create_district("liangjiang", "两江新区")
    tf = f.create_district("tianfu", "四川天府新区")
    cadre = f.create_cadre("张想", f.create_department(lj, "现代服务业局"))
    programme = f.create_programme([lj, tf], report_cadence_months=3)
    posting = f.create_posting(
        cadre,
        f.create_department(tf, "天府总部商务区"),
        programme,
        start_date=date(2026, 1, 15),
        planned_end_date=date(2027, 1, 14),
    )
    admin = f.create_user("admin", "admin")
    hr = f.create_user("hr.tianfu", "hr", district=tf)
    on = date(2026, 9, 1)  # the quarters due on 15 April and 15 July have passed
    assert (overdue.overdue_count(admin, on), overdue.overdue_count(hr, on)) == (2, 2)
    _in_step()
    db.session.delete(posting)
    db.session.flush()
    _in_step()
    assert (overdue.overdue_count(admin, on), overdue.overdue_count(hr, on)) == (0, 0)
    assert gaps.stored(db.session.connection()) == ({}, {})


@pytest.mark.parametrize("days", [-365, 0, 90])
def test_the_count_is_the_list_for_everyone_after_a_generated_region(ctx, days):
    generate(0.002, password=f.PASSWORD)
    db.session.commit()
    _in_step()
    _counts_are_the_lists(clock.today() + timedelta(days=days))


def test_the_migration_fills_both_tables_from_the_data_kept(own_database):
    from flask_migrate import downgrade, upgrade

    from exchange import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": own_database})
    with app.app_context():
        upgrade()
        generate(0.002, password=f.PASSWORD)
        db.session.commit()
        expected = gaps.computed(db.session.connection())
        db.session.rollback()
        downgrade(revision="20261205_i19_waiting_changes")
        assert "report_gap" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        assert gaps.stored(db.session.connection()) == expected
        assert expected[1]  # the region has missing reports
        db.session.rollback()
        db.engine.dispose()
