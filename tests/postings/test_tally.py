"""The postings' counts (``exchange.postings.tally``) equal the postings after random
changes, and the dashboard's flows, quota table and postings per month read from them
equal the same figures counted from the postings, for every kind of user."""

import random
from datetime import date, timedelta

import sqlalchemy as sa

from exchange import clock, policy
from exchange.auth.models import Role, User
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.ops.benchdata import generate
from exchange.org.models import Department
from exchange.postings import tally
from exchange.postings.models import (
    AGREED_STATUSES,
    QUOTA_STATUSES,
    Posting,
    PostingStatus,
)
from exchange.postings.services import advance_postings
from exchange.programmes.models import Programme
from exchange.rosters import dashboard
from tests import factories as f


def _in_step():
    connection = db.session.connection()
    assert tally.stored(connection) == tally.computed(connection)


def _from_postings(user, *where, by):
    rows = db.session.execute(
        sa.select(*by, sa.func.count()).where(policy.posting_scope(user), *where).group_by(*by)
    )
    return {tuple(row[:-1]): row[-1] for row in rows}


def _figures_are_the_postings(on: date):
    names = dashboard.district_names(db.session)
    users = db.session.scalars(
        sa.select(User).where(User.role.in_((Role.ADMIN, Role.HR, Role.LEADER))).order_by(User.id)
    ).all()
    for user in users:
        directions = (Posting.programme_id, Posting.home_district_id, Posting.host_district_id)
        counted = dashboard.counted_directions(db.session, user)
        assert counted == _from_postings(user, Posting.status.in_(QUOTA_STATUSES), by=directions), (
            user.username
        )
        year = dashboard.flow_matrix(db.session, user, names, year=on.year)
        assert year.counts == _from_postings(
            user,
            Posting.status.in_(QUOTA_STATUSES),
            Posting.start_date.between(date(on.year, 1, 1), date(on.year, 12, 31)),
            by=directions[1:],
        ), user.username
        per_month: dict = {}
        for (start,), n in _from_postings(
            user,
            Posting.status.in_(AGREED_STATUSES),
            Posting.start_date <= on,
            by=(Posting.start_date,),
        ).items():
            per_month[start.year, start.month] = per_month.get((start.year, start.month), 0) + n
        series = dashboard.postings_per_month(db.session, user, on)
        assert {(m.year, m.month): n for m, n in series if n} == per_month, user.username


def _new_posting(rng, programmes):
    cadre = rng.choice(db.session.scalars(sa.select(Cadre).order_by(Cadre.id).limit(200)).all())
    host = rng.choice(
        db.session.scalars(
            sa.select(Department)
            .where(Department.district_id != cadre.home_department.district_id)
            .order_by(Department.id)
            .limit(200)
        ).all()
    )
    start = clock.today() + timedelta(days=rng.randrange(-30, 40))
    return f.create_posting(
        cadre,
        host,
        rng.choice(programmes),
        start_date=start,
        planned_end_date=start + timedelta(days=365),
        status=rng.choice(["proposed", "accepted"]),
    )


def test_the_counts_follow_the_postings_through_random_changes(ctx):
    generate(0.002, password=f.PASSWORD)
    db.session.commit()
    _in_step()
    rng = random.Random(23)
    today = clock.today()
    programmes = db.session.scalars(sa.select(Programme).order_by(Programme.id)).all()
    for round_ in range(10):
        postings = db.session.scalars(sa.select(Posting).order_by(Posting.id)).all()
        added = [_new_posting(rng, programmes) for _ in range(3)]
        for posting in rng.sample(postings, 6):
            change = rng.randrange(5)
            if change == 0 and posting.actual_end_date is None:  # the start moved
                posting.start_date += timedelta(days=rng.randrange(-60, 60))
                posting.planned_end_date = posting.start_date + timedelta(days=400)
            elif change == 1:
                posting.status = rng.choice(list(PostingStatus))
            elif change == 2:
                posting.programme_id = rng.choice(programmes).id
            elif change == 3:  # sent to another district
                other = rng.choice(
                    [p for p in postings if p.host_district_id != posting.home_district_id]
                )
                posting.host_district_id = other.host_district_id
                posting.host_department_id = other.host_department_id
            else:  # two columns at once, back to where one was
                start = posting.start_date
                posting.start_date = start + timedelta(days=45)
                posting.status = PostingStatus.CANCELLED
                db.session.flush()
                posting.start_date = start
        if round_ == 4:  # the daily job starts and completes postings
            advance_postings(today + timedelta(days=rng.randrange(30, 400)))
        if round_ % 3 == 2:  # a posting added in this round removed again (by hand)
            db.session.delete(added[0])
        db.session.flush()
        _in_step()
        db.session.commit()
    _figures_are_the_postings(today)
    _figures_are_the_postings(today - timedelta(days=400))


def test_the_figures_are_the_postings_after_a_generated_region(ctx):
    generate(0.002, password=f.PASSWORD)
    db.session.commit()
    _in_step()
    for days in (0, -200, 15):
        _figures_are_the_postings(clock.today() + timedelta(days=days))


def test_a_posting_starting_later_this_month_is_not_counted_yet(ctx):
    """The postings per month run to the day: this month's bar holds the postings started
    so far, not those starting later in the month (which the monthly counts hold)."""
    lj = f.create_district("liangjiang", "两江新区")
    tf = f.create_district("tianfu", "四川天府新区")
    programme = f.create_programme([lj, tf])
    host = f.create_department(tf, "天府总部商务区")
    admin = f.create_user("admin", "admin")
    on = date(2026, 9, 10)
    for day, name in ((5, "张想"), (10, "丁曌"), (20, "李晓雯")):
        cadre = f.create_cadre(name, f.create_department(lj, f"局{day}"))
        f.create_posting(
            cadre, host, programme, start_date=date(2026, 9, day), planned_end_date=date(2027, 9, 1)
        )
    series = dict(dashboard.postings_per_month(db.session, admin, on))
    assert series[date(2026, 9, 1)] == 2
    assert (
        dict(dashboard.postings_per_month(db.session, admin, date(2026, 9, 30)))[date(2026, 9, 1)]
        == 3
    )
