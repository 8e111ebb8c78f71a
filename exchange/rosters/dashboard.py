"""The numbers of the dashboard, each one SQL aggregate within what the user may see.

Each headline number has its rule and the roster filter that lists exactly its rows
(``headline_filters``), so its link opens those rows and no others. The flow matrix and
the reciprocity table count the same postings: every posting that is not declined or
cancelled (proposed, accepted, in post, finished), the postings that count against a
quota (``QUOTA_STATUSES``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from exchange import policy
from exchange.cadres.models import Cadre
from exchange.clock import today
from exchange.org.models import District, display_ordering, name_column
from exchange.postings.models import (
    AGREED_STATUSES,
    FINISHED_STATUSES,
    QUOTA_STATUSES,
    Posting,
    PostingStatus,
)
from exchange.programmes.models import Programme, Quota
from exchange.rosters.as_of import on_roster_of, status_on
from exchange.rosters.filters import RosterFilter

TIMELINE_LIMIT = 60
MONTHS_SHOWN = 24


@dataclass(frozen=True)
class Headline:
    in_post: int
    starting_soon: int
    ending_soon: int


HEADLINE_DAYS = 30


def headline_filters(on: date, days: int = HEADLINE_DAYS) -> dict[str, RosterFilter]:
    """The roster filter behind each headline number: the rows it counts, exactly.

    in_post: on the roster of ``on`` with the status 在岗 that day; starting_soon: accepted
    by both sides, starting after ``on`` and within ``days``; ending_soon: in post, ending
    from ``on`` to ``days`` ahead.
    """
    horizon = on + timedelta(days=days)
    return {
        "in_post": RosterFilter(as_of_date=on, status=PostingStatus.ACTIVE.value),
        "starting_soon": RosterFilter(
            status=PostingStatus.ACCEPTED.value, starts=(on + timedelta(days=1), horizon)
        ),
        "ending_soon": RosterFilter(status=PostingStatus.ACTIVE.value, ends=(on, horizon)),
    }


def headline(session, user, on: date | None = None, days: int = HEADLINE_DAYS) -> Headline:
    """In post today, starting and ending within the next ``days`` days: one statement."""
    on = on or today()
    horizon = on + timedelta(days=days)

    def counted(*where):
        return sa.func.count(sa.case((sa.and_(*where), Posting.id)))

    row = session.execute(
        sa.select(
            counted(on_roster_of(on), status_on(on) == PostingStatus.ACTIVE.value),
            counted(
                Posting.status == PostingStatus.ACCEPTED,
                Posting.start_date > on,
                Posting.start_date <= horizon,
            ),
            counted(
                Posting.status == PostingStatus.ACTIVE,
                on <= Posting.end_date,
                horizon >= Posting.end_date,
            ),
        ).where(policy.posting_scope(user))
    ).one()
    return Headline(*row)


@dataclass(frozen=True)
class FlowMatrix:
    districts: list  # (id, name) of every district that appears
    counts: dict  # (home_id, host_id) -> n
    largest: int
    year: int | None = None

    def cell_filter(self, home_id, host_id) -> RosterFilter:
        """The roster filter that lists exactly the postings of one cell."""
        starts = (date(self.year, 1, 1), date(self.year, 12, 31)) if self.year else None
        return RosterFilter(
            home_district_id=home_id, host_district_id=host_id, counted=True, starts=starts
        )

    def cell_args(self, home_id, host_id) -> dict:
        return self.cell_filter(home_id, host_id).query_args()

    def cell(self, home_id, host_id) -> int:
        return self.counts.get((home_id, host_id), 0)

    def sent(self, home_id) -> int:
        return sum(n for (home, _host), n in self.counts.items() if home == home_id)

    def received(self, host_id) -> int:
        return sum(n for (_home, host), n in self.counts.items() if host == host_id)


def flow_matrix(session, user, names, year: int | None = None) -> FlowMatrix:
    """Who sends how many to whom (GROUP BY home, host), in ``year`` or all time."""
    where = [policy.posting_scope(user), Posting.status.in_(QUOTA_STATUSES)]
    if year is not None:
        where.append(Posting.start_date.between(date(year, 1, 1), date(year, 12, 31)))
    rows = session.execute(
        sa.select(Posting.home_district_id, Posting.host_district_id, sa.func.count())
        .where(*where)
        .group_by(Posting.home_district_id, Posting.host_district_id)
    ).all()
    counts = {(home, host): n for home, host, n in rows}
    shown = {district for pair in counts for district in pair}
    districts = [(d_id, name) for d_id, name in names if d_id in shown]
    return FlowMatrix(districts, counts, largest=max(counts.values(), default=0), year=year)


def district_names(session) -> list:
    return session.execute(
        sa.select(District.id, name_column(District)).order_by(*display_ordering(District))
    ).all()


@dataclass(frozen=True)
class Balance:
    programme: str
    district_a: str
    district_b: str
    a_to_b: int
    quota_a_to_b: int | None
    b_to_a: int
    quota_b_to_a: int | None

    @property
    def balance(self) -> int:
        return self.a_to_b - self.b_to_a


def reciprocity(session, user) -> list[Balance]:
    """Per programme and district pair: postings each way against the quota each way."""
    counted = (
        sa.select(
            Posting.programme_id.label("programme_id"),
            Posting.home_district_id.label("home_id"),
            Posting.host_district_id.label("host_id"),
            sa.func.count().label("n"),
        )
        .where(policy.posting_scope(user), Posting.status.in_(QUOTA_STATUSES))
        .group_by(Posting.programme_id, Posting.home_district_id, Posting.host_district_id)
        .subquery()
    )
    # Quotas have the same two district columns, so the posting scope applies to them too.
    directions = sa.union(
        sa.select(counted.c.programme_id, counted.c.home_id, counted.c.host_id),
        sa.select(Quota.programme_id, Quota.home_district_id, Quota.host_district_id).where(
            policy.posting_scope(user, Quota)
        ),
    ).subquery()
    rows = session.execute(
        sa.select(
            Programme.name,
            directions.c.home_id,
            directions.c.host_id,
            sa.func.coalesce(counted.c.n, 0),
            Quota.max_postings,
        )
        .join(Programme, Programme.id == directions.c.programme_id)
        .outerjoin(
            counted,
            sa.and_(
                counted.c.programme_id == directions.c.programme_id,
                counted.c.home_id == directions.c.home_id,
                counted.c.host_id == directions.c.host_id,
            ),
        )
        .outerjoin(
            Quota,
            sa.and_(
                Quota.programme_id == directions.c.programme_id,
                Quota.home_district_id == directions.c.home_id,
                Quota.host_district_id == directions.c.host_id,
            ),
        )
        .order_by(Programme.name, directions.c.home_id, directions.c.host_id)
    ).all()
    names = dict(district_names(session))
    by_pair: dict = {}
    for programme, home, host, n, quota in rows:
        a, b = sorted((home, host))
        entry = by_pair.setdefault((programme, a, b), {"ab": (0, None), "ba": (0, None)})
        entry["ab" if home == a else "ba"] = (n, quota)
    return [
        Balance(programme, names[a], names[b], *entry["ab"], *entry["ba"])
        for (programme, a, b), entry in by_pair.items()
    ]


def postings_per_month(
    session,
    user,
    until: date | None = None,
    months: int = MONTHS_SHOWN,
    programme_id: int | None = None,
):
    """Postings starting in each month of the period: [(date(y, m, 1), n)].

    The period runs to ``until`` from the month of the earliest start counted (of the
    chosen programme, if any), and covers at least the last ``months`` months, so no
    round is silently left out.
    """
    until = until or today()
    where = [
        policy.posting_scope(user),
        Posting.status.in_(AGREED_STATUSES),
        Posting.start_date <= until,
    ]
    if programme_id is not None:
        where.append(Posting.programme_id == programme_id)
    year = sa.extract("year", Posting.start_date)
    month = sa.extract("month", Posting.start_date)
    rows = session.execute(
        sa.select(year, month, sa.func.count()).where(*where).group_by(year, month)
    ).all()
    counts = {(int(y), int(m)): n for y, m, n in rows}
    earliest = min(counts, default=None)
    if earliest is not None:
        back = (until.year * 12 + until.month) - (earliest[0] * 12 + earliest[1])
        months = max(months, back + 1)
    series = []
    for step in range(months):
        start = _month_start(until, months - 1 - step)
        series.append((start, counts.get((start.year, start.month), 0)))
    return series


def _month_start(on: date, back: int) -> date:
    index = on.year * 12 + on.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class TimelineBar:
    posting_id: int
    cadre: str
    host_district: str
    start_date: date
    end_date: date
    status: str

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


def timeline(session, user, programme_id=None, district_id=None, limit: int = TIMELINE_LIMIT):
    """The postings of a programme or a district for the Gantt chart (one statement)."""
    where = [policy.posting_scope(user), Posting.status.in_(QUOTA_STATUSES)]
    if programme_id is not None:
        where.append(Posting.programme_id == programme_id)
    if district_id is not None:
        where.append(
            sa.or_(Posting.home_district_id == district_id, Posting.host_district_id == district_id)
        )
    rows = session.execute(
        sa.select(
            Posting.id,
            Cadre.name,
            name_column(District),
            Posting.start_date,
            Posting.end_date,
            Posting.status,
        )
        .join(Cadre, Cadre.id == Posting.cadre_id)
        .join(District, District.id == Posting.host_district_id)
        .where(*where)
        .order_by(Posting.start_date, Posting.id)
        .limit(limit)
    ).all()
    return [TimelineBar(*row) for row in rows]
