"""The dashboard's count of overdue reports, counted in the database, is the length of the
overdue list that schedules give, for every kind of user, on many days of a generated region."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from exchange import clock
from exchange.auth.models import Role, User
from exchange.extensions import db
from exchange.ops.benchdata import generate
from exchange.programmes.models import Programme
from exchange.reports import overdue
from exchange.reports.schedule import overdue_items
from tests import factories as f

SCALE = 0.002


@pytest.fixture
def region(ctx):
    generate(SCALE, password=f.PASSWORD)
    # Some programmes asked for reports only from a day inside their postings' terms.
    programmes = db.session.scalars(sa.select(Programme).order_by(Programme.id)).all()
    for programme in programmes[::2]:
        programme.reports_required_from = programme.start_date + timedelta(days=200)
    db.session.commit()
    return programmes


@pytest.mark.parametrize("days", [0, 17, 45, -200, -731, 400])
def test_the_count_is_the_length_of_the_overdue_list(region, days):
    on = clock.today() + timedelta(days=days)
    users = db.session.scalars(
        sa.select(User).where(User.role.in_((Role.ADMIN, Role.HR, Role.LEADER)))
    ).all()
    seen = 0
    for user in users:
        listed = len(overdue_items(user, on))
        assert overdue.overdue_count(user, on) == listed, (user.username, on)
        seen += listed
    assert seen  # the region has overdue reports on each of these days


def test_a_report_filed_late_closes_its_gap_and_a_draft_does_not(ctx):
    """A quarterly programme: the count falls by one when the missing quarter's report is
    submitted, whatever day inside the quarter it speaks for; a draft changes nothing."""
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
    official = f.create_user("zhangxiang", "cadre", cadre=cadre)
    on = date(2026, 9, 1)  # the quarters due on 15 April and 15 July have passed

    def both() -> tuple[int, int]:
        return overdue.overdue_count(admin, on), len(overdue_items(admin, on))

    assert both() == (2, 2)
    f.create_report(posting, official, "draft", kind="monthly", report_date=date(2026, 3, 2))
    assert both() == (2, 2)
    # 20 May lies in the second quarter (16 April – 15 July): it closes that gap.
    f.create_report(posting, official, kind="monthly", report_date=date(2026, 5, 20))
    assert both() == (1, 1)
    # 20 July is the third quarter's, due in October, filed early: no gap closes.
    f.create_report(posting, official, kind="monthly", report_date=date(2026, 7, 20))
    assert both() == (1, 1)
    f.create_report(posting, official, kind="monthly", report_date=date(2026, 2, 10))
    assert both() == (0, 0)


@pytest.mark.parametrize(
    ("required_from", "on", "expected", "end"),
    [
        # A quarter is due 15 April; the term ended on 14 July, before the second was due,
        # so its summary (due on 29 July) covers the rest.
        # the first quarter; the summary not past its grace
        (None, date(2026, 7, 29), 1, date(2026, 7, 14)),
        # the day after the grace: the summary too
        (None, date(2026, 7, 30), 2, date(2026, 7, 14)),
        # required from inside the second quarter
        (date(2026, 5, 1), date(2026, 7, 30), 1, date(2026, 7, 14)),
        # from the day after the first was due
        (date(2026, 4, 16), date(2026, 7, 30), 1, date(2026, 7, 14)),
        (date(2026, 4, 15), date(2026, 7, 30), 2, date(2026, 7, 14)),  # from its due day itself
        # the summary, required from its due day
        (date(2026, 7, 29), date(2026, 8, 1), 1, date(2026, 7, 14)),
        # from the day after: nothing required
        (date(2026, 7, 30), date(2026, 8, 1), 0, date(2026, 7, 14)),
        # Ended on the second quarter's due day: that quarter is the summary's, not due apart.
        (None, date(2026, 8, 1), 2, date(2026, 7, 15)),
    ],
)
def test_the_count_at_the_edges_of_a_term_and_of_the_reports_required(
    ctx, required_from, on, expected, end
):
    """A quarterly term that ended early, reports required from days around its due dates:
    the count and the schedules agree, each on the number a person counting would give."""
    lj = f.create_district("liangjiang", "两江新区")
    tf = f.create_district("tianfu", "四川天府新区")
    cadre = f.create_cadre("张想", f.create_department(lj, "现代服务业局"))
    programme = f.create_programme(
        [lj, tf], report_cadence_months=3, reports_required_from=required_from
    )
    f.create_posting(
        cadre,
        f.create_department(tf, "天府总部商务区"),
        programme,
        start_date=date(2026, 1, 15),
        planned_end_date=date(2027, 1, 14),
        actual_end_date=end,
        status="ended_early",
    )
    admin = f.create_user("admin", "admin")
    assert len(overdue_items(admin, on)) == expected
    assert overdue.overdue_count(admin, on) == expected
