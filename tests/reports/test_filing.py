"""The filed-periods summary (``exchange.reports.filing``) equals what the reports give,
after random changes made the ways the app makes them, and the dashboard's overdue count
read from it equals the overdue list."""

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
from exchange.programmes.models import Programme
from exchange.reports import filing, overdue
from exchange.reports.models import ReflectionLog, ReportKind, ReportStatus
from exchange.reports.schedule import overdue_items
from exchange.reports.services import ReportData, add_version, create_report, submit_report
from tests import factories as f

MIGRATION = Path(__file__).parents[2] / "migrations/versions/20261201_i19_filed_periods.py"


@pytest.mark.parametrize(
    ("day", "start", "cadence", "period"),
    [
        (date(2026, 1, 14), date(2026, 1, 15), 1, None),  # before the term
        (date(2026, 1, 15), date(2026, 1, 15), 1, 1),  # the first day
        (date(2026, 2, 15), date(2026, 1, 15), 1, 1),  # the first period's last day
        (date(2026, 2, 16), date(2026, 1, 15), 1, 2),
        (date(2026, 4, 15), date(2026, 1, 15), 3, 1),  # a quarter ends on 15 April
        (date(2026, 4, 16), date(2026, 1, 15), 3, 2),
        (date(2026, 3, 31), date(2026, 1, 31), 1, 2),  # 31 Jan + 1 month is 28 Feb
    ],
)
def test_a_day_falls_in_the_period_that_ends_on_or_after_it(day, start, cadence, period):
    assert filing.period_of(day, start, cadence) == period


def test_the_summary_marks_each_period_on_time_late_or_missing():
    start = date(2026, 1, 15)
    # Periods end 15 Feb, 15 Mar, 15 Apr, 15 May, 15 Jun: 10 Feb, 1 May and 20 May file
    # the first, fourth and fifth; 1 January lies before the term. The fourth's report
    # came on 16 May, a day late, and the fifth's on its due day.
    reports = [
        (date(2026, 5, 20), date(2026, 6, 15)),
        (date(2026, 5, 1), date(2026, 5, 16)),
        (date(2026, 1, 1), date(2026, 1, 2)),
        (date(2026, 2, 10), date(2026, 2, 11)),
    ]
    assert filing.periods_text(start, 1, reports) == "20012"
    # A second report for the fourth period, on time, makes it on time.
    on_time = [*reports, (date(2026, 4, 20), date(2026, 5, 15))]
    assert filing.periods_text(start, 1, on_time) == "20022"
    assert filing.periods_text(start, 3, reports) == "22"  # the second quarter is due 15 July
    assert filing.periods_text(start, None, []) == ""
    assert filing.filed_between("20012", 2, 4) == 1 and filing.filed_between("20012", 1, 9) == 3
    assert filing.marked_between("20012", 1, 5, filing.ON_TIME) == 2
    assert filing.first_missing("20012", 1, 5) == 2 and filing.first_missing("2", 1, 3) == 2
    assert filing.first_missing("22", 1, 2) is None


def test_the_migration_fills_the_summary_with_the_same_arithmetic():
    spec = importlib.util.spec_from_file_location("filed_periods_migration", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    rng = random.Random(3)
    for _ in range(2_000):
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(2_000))
        reports = []
        for _ in range(rng.randrange(6)):
            speaks_for = start + timedelta(days=rng.randrange(-40, 1_200))
            reports.append((speaks_for, speaks_for + timedelta(days=rng.randrange(-5, 90))))
        cadence = rng.choice([None, 0, 1, 2, 3, 6, 12])
        assert migration.periods_text(start, cadence, reports) == filing.periods_text(
            start, cadence, reports
        )


def _summary_is_the_reports():
    connection = db.session.connection()
    assert filing.stored(connection) == filing.computed(connection)


def _count_is_the_list(on):
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    assert overdue.overdue_count(admin, on) == len(overdue_items(admin, on))


def _official_of(posting):
    return db.session.scalar(
        sa.select(User).where(User.cadre_id == posting.cadre_id, User.role == Role.CADRE)
    )


def test_the_summary_stays_equal_to_the_reports_through_random_changes(ctx):
    generate(0.002, password=f.PASSWORD)
    db.session.commit()
    _summary_is_the_reports()
    rng = random.Random(11)
    today = clock.today()
    served = db.session.scalars(
        sa.select(Posting)
        .where(Posting.status.in_((PostingStatus.ACTIVE, PostingStatus.COMPLETED)))
        .order_by(Posting.id)
    ).all()
    for round_ in range(6):
        for posting in rng.sample(served, 8):
            author = _official_of(posting)
            last = min(posting.end_date, today)
            day = posting.start_date + timedelta(
                days=rng.randrange((last - posting.start_date).days + 1)
            )
            data = ReportData(ReportKind.MONTHLY.value, f"第{round_}轮", day, "工作小结。")
            report = create_report(posting, author, data)
            if rng.random() < 0.8:  # the rest stay drafts, which file nothing
                submit_report(report, author)
        submitted = db.session.scalars(
            sa.select(ReflectionLog)
            .where(ReflectionLog.status == ReportStatus.SUBMITTED)
            .order_by(ReflectionLog.id)
        ).all()
        for report in rng.sample(submitted, 3):  # a new version speaks for another day
            posting = report.posting
            day = posting.start_date + timedelta(days=rng.randrange(60))
            version = add_version(
                report, report.author, ReportData(report.kind, "修订", day, "修订稿。")
            )
            submit_report(version, report.author)
        if round_ % 2:  # a programme changes its cadence; every posting's periods renumber
            programme = rng.choice(db.session.scalars(sa.select(Programme)).all())
            programme.report_cadence_months = rng.choice([1, 2, 3, 6])
        if round_ == 3:  # a submitted report removed (by hand: the app keeps them)
            db.session.delete(rng.choice(submitted))
        db.session.flush()
        _summary_is_the_reports()
        db.session.commit()
        _count_is_the_list(today + timedelta(days=rng.randrange(-400, 60)))
