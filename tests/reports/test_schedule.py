"""The reporting schedule: month ends, leap years, extensions, early ends and grading."""

from datetime import date

import pytest

from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports.schedule import (
    LATE,
    MISSING,
    ON_TIME,
    UPCOMING,
    Filed,
    build_schedule,
    compliance_for,
    due_periods,
    overdue_items,
)
from tests import factories as f


def dues(start, end, cadence=1, kind="monthly"):
    return [p.due_date for p in due_periods(start, end, cadence) if p.kind == kind]


def test_series_from_jan_31_returns_to_month_ends():
    assert dues(date(2026, 1, 31), date(2026, 6, 30)) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_leap_year_february():
    assert dues(date(2024, 1, 31), date(2024, 4, 15))[:2] == [date(2024, 2, 29), date(2024, 3, 31)]


def test_periods_cover_the_term_without_gaps():
    periods = due_periods(date(2026, 6, 1), date(2026, 12, 31))
    monthly = [p for p in periods if p.kind == "monthly"]
    assert monthly[0].start_date == date(2026, 6, 1)
    for before, after in zip(monthly, monthly[1:], strict=False):
        assert (after.start_date - before.end_date).days == 1
    assert [p.due_date for p in monthly][-1] == date(2026, 12, 1)


def test_final_summary_due_fifteen_days_after_the_end():
    final = due_periods(date(2026, 6, 1), date(2026, 12, 31))[-1]
    assert final.kind == "final"
    assert final.due_date == date(2027, 1, 15)
    assert (final.start_date, final.end_date) == (date(2026, 6, 1), date(2026, 12, 31))


def test_no_monthly_report_due_on_or_after_the_end():
    # a term of exactly three months: the third month is covered by the final summary
    assert dues(date(2026, 1, 1), date(2026, 4, 1)) == [date(2026, 2, 1), date(2026, 3, 1)]


def test_quarterly_cadence():
    assert dues(date(2026, 1, 31), date(2026, 12, 31), cadence=3) == [
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2026, 10, 31),
    ]


def test_zero_or_missing_cadence_means_monthly():
    assert dues(date(2026, 1, 1), date(2026, 3, 15), cadence=0) == [
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]


def filed(id, kind, speaks_for, submitted, period_end=None):
    return Filed(id, kind, speaks_for, period_end, submitted)


def test_on_time_late_missing_upcoming():
    reports = [
        filed(1, "monthly", date(2026, 6, 30), date(2026, 6, 30)),  # 1st period, on the due day
        filed(2, "monthly", date(2026, 7, 20), date(2026, 8, 3)),  # 2nd period, two days late
    ]
    compliance = build_schedule(
        9, date(2026, 6, 1), date(2026, 12, 31), 1, reports, as_of=date(2026, 9, 5)
    )
    states = [item.state for item in compliance.items]
    # due 7-01 (on time), 8-01 (late), 9-01 (missing), 10-01.. upcoming, final upcoming
    assert states[:4] == [ON_TIME, LATE, MISSING, UPCOMING]
    assert states[-1] == UPCOMING
    assert compliance.items[1].days_late == 2
    assert (compliance.on_time, compliance.late, compliance.missing) == (1, 1, 1)
    assert compliance.rate == pytest.approx(1 / 3)
    assert compliance.rate_percent == 33
    assert [i.due_date for i in compliance.overdue] == [date(2026, 9, 1)]
    assert compliance.next_due.due_date == date(2026, 10, 1)


def test_due_today_is_not_yet_missing():
    compliance = build_schedule(1, date(2026, 6, 1), date(2026, 12, 31), 1, [], date(2026, 7, 1))
    assert compliance.items[0].state == UPCOMING
    compliance = build_schedule(1, date(2026, 6, 1), date(2026, 12, 31), 1, [], date(2026, 7, 2))
    assert compliance.items[0].state == MISSING


def test_period_end_date_places_a_late_report_in_its_period():
    late = filed(1, "monthly", date(2026, 8, 10), date(2026, 8, 10), period_end=date(2026, 7, 1))
    compliance = build_schedule(
        1, date(2026, 6, 1), date(2026, 12, 31), 1, [late], date(2026, 9, 1)
    )
    assert compliance.items[0].state == LATE
    assert compliance.items[0].report_id == 1


def test_reflections_and_earliest_versions():
    reports = [
        filed(5, "monthly", date(2026, 6, 15), date(2026, 6, 20)),
        filed(6, "monthly", date(2026, 6, 16), date(2026, 6, 25)),  # a later version
    ]
    compliance = build_schedule(
        1, date(2026, 6, 1), date(2026, 12, 31), 1, reports, date(2026, 7, 5)
    )
    assert compliance.items[0].report_id == 5
    assert compliance.items[1].state == UPCOMING


def test_nothing_due_yet_has_no_rate():
    compliance = build_schedule(1, date(2026, 6, 1), date(2026, 12, 31), 1, [], date(2026, 6, 2))
    assert compliance.rate is None and compliance.rate_percent is None


def test_final_summary_on_time_and_late():
    final = [filed(3, "final", date(2026, 12, 31), date(2027, 1, 15))]
    compliance = build_schedule(1, date(2026, 6, 1), date(2026, 12, 31), 1, final, date(2027, 2, 1))
    assert compliance.items[-1].state == ON_TIME
    final = [filed(3, "final", date(2026, 12, 31), date(2027, 1, 16))]
    compliance = build_schedule(1, date(2026, 6, 1), date(2026, 12, 31), 1, final, date(2027, 2, 1))
    assert compliance.items[-1].state == LATE


# -- against the database: extensions, early ends, one query ------------------------


@pytest.fixture
def posting(ctx, world):
    return db.session.get(Posting, world.p_zx)  # 2026-06-01 .. 2026-12-31, active


def test_extension_moves_the_schedule(posting):
    before = compliance_for([posting], date(2026, 9, 1))[posting.id]
    assert before.items[-1].due_date == date(2027, 1, 15)
    posting.planned_end_date = date(2027, 3, 31)  # what an extension does
    after = compliance_for([posting], date(2026, 9, 1))[posting.id]
    assert after.items[-1].due_date == date(2027, 4, 15)
    assert len(after.items) == len(before.items) + 3


def test_early_end_moves_the_final_summary_and_drops_later_months(posting):
    posting.actual_end_date = date(2026, 8, 20)
    posting.status = "ended_early"
    compliance = compliance_for([posting], date(2026, 9, 1))[posting.id]
    assert [i.due_date for i in compliance.items] == [
        date(2026, 7, 1),
        date(2026, 8, 1),
        date(2026, 9, 4),
    ]
    assert compliance.items[-1].kind == "final"
    assert compliance.items[-1].state == UPCOMING


def test_unstarted_postings_have_no_schedule(posting):
    posting.status = "proposed"
    assert compliance_for([posting], date(2026, 9, 1))[posting.id].items == ()


def test_compliance_for_uses_one_query_for_reports(ctx, world, count_queries):
    postings = [db.session.get(Posting, world.p_zx), db.session.get(Posting, world.p_dz)]
    for p in postings:
        p.programme  # noqa: B018 - loaded up front as the docstring asks
    zx = postings[0].cadre.user
    f.create_report(postings[0], zx, kind="monthly", report_date=date(2026, 6, 30))
    db.session.flush()
    with count_queries() as counted:
        result = compliance_for(postings, date(2026, 9, 1))
    assert len(counted) == 1
    assert result[world.p_zx].items[0].state == ON_TIME
    assert result[world.p_dz].items[0].state == MISSING


def test_overdue_items_follow_what_the_user_may_see(ctx, world, user_of):
    user = user_of

    seen = {
        key: {p.id for p, _ in overdue_items(user(key), date(2026, 9, 1))}
        for key in ("admin", "leader", "hr_lj", "hr_tf", "hr_cd", "zx", "dz")
    }
    assert seen["admin"] == seen["leader"] == {world.p_zx, world.p_dz}
    assert seen["hr_lj"] == {world.p_zx, world.p_dz}
    assert seen["hr_tf"] == {world.p_zx}
    assert seen["hr_cd"] == {world.p_dz}
    assert seen["zx"] == {world.p_zx}
    assert seen["dz"] == {world.p_dz}
    items = overdue_items(user("zx"), date(2026, 9, 1))
    assert [item.due_date for _, item in items] == [date(2026, 7, 1), date(2026, 8, 1)]
