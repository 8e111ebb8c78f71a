"""The numbers of the dashboard, each one SQL aggregate within what the user may see.

Each headline number has its rule and the roster filter that lists exactly its rows
(``headline_filters``), so its link opens those rows and no others. The flow matrix and
the reciprocity table count the same postings: every posting that is not declined or
cancelled (proposed, accepted, in post, finished), the postings that count against a
quota (``QUOTA_STATUSES``).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext
from markupsafe import Markup, escape

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
    PostingTally,
)
from exchange.programmes.models import Programme, Quota
from exchange.rosters.as_of import in_post_on
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
    """In post today, starting and ending within the next ``days`` days: three counts."""
    on = on or today()
    horizon = on + timedelta(days=days)

    def counted(*where):
        # Each rule tests columns of one index, with the districts the scope tests (in
        # post and ending: ``ix_posting_ends_status``; starting: ``ix_posting_start_cover``):
        # a count reads that index alone, never a posting.
        stmt = sa.select(sa.func.count()).select_from(Posting)
        return session.scalar(stmt.where(policy.posting_scope(user), *where))

    return Headline(
        in_post=counted(in_post_on(on)),
        starting_soon=counted(
            Posting.start_date > on,
            Posting.start_date <= horizon,
            Posting.status == PostingStatus.ACCEPTED,
        ),
        ending_soon=counted(
            Posting.status == PostingStatus.ACTIVE,
            # The end is the planned one or earlier.
            Posting.planned_end_date >= on,
            on <= Posting.end_date,
            horizon >= Posting.end_date,
        ),
    )


@dataclass
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

    @cached_property
    def _cell_url(self) -> str:
        """The roster link of a cell with ``{home}`` and ``{host}`` to fill: built once,
        not once per cell (a region's two matrices have 7,200 cells)."""
        url = url_for("rosters.roster", **self.cell_args(_HOME_MARK, _HOST_MARK))
        return url.replace(f"={_HOME_MARK}", "={home}").replace(f"={_HOST_MARK}", "={host}")

    def cell_url(self, home_id: int, host_id: int) -> str:
        """``url_for("rosters.roster", **cell_args(home_id, host_id))``."""
        return self._cell_url.format(home=int(home_id), host=int(host_id))

    def cell(self, home_id, host_id) -> int:
        return self.counts.get((home_id, host_id), 0)

    def row_cells(self, home_id: int, home: str) -> Markup:
        """The cells of the row of district ``home_id`` (named ``home``), one per district
        of the matrix: the count, shaded by its size, linking to the roster of exactly
        those postings (the diagonal, a district with itself, shows "—").

        Written here rather than in the template: a region's two matrices have 7,200
        cells, and Jinja spent about 6 µs on each (a fifth of the dashboard)."""
        label = gettext("%(home)s to %(host)s: %(n)d postings, list them")
        cell_id = f"flow-{self.year or 'all'}-{int(home_id)}-"
        largest, counts, cells = self.largest, self.counts, []
        for host_id, host in self.districts:
            n = counts.get((home_id, host_id), 0)
            if not n:
                cells.append(_SAME_DISTRICT if home_id == host_id else _EMPTY_CELL)
                continue
            shade = f' style="background: rgba(139, 26, 26, {0.1 + 0.6 * n / largest:.2f})"'
            if home_id == host_id:
                cells.append(f'<td class="text-end"{shade}>—</td>')
                continue
            name = escape(label % {"home": home, "host": host, "n": n})
            cells.append(
                f'<td class="text-end"{shade}><a class="link-dark" id="{cell_id}{int(host_id)}"'
                f' href="{escape(self.cell_url(home_id, host_id))}" aria-label="{name}">{n}</a></td>'
            )
        return Markup("".join(cells))

    @cached_property
    def _sent(self) -> Counter:
        return sum_by(self.counts, 0)

    @cached_property
    def _received(self) -> Counter:
        return sum_by(self.counts, 1)

    def sent(self, home_id) -> int:
        return self._sent[home_id]

    def received(self, host_id) -> int:
        return self._received[host_id]


_EMPTY_CELL, _SAME_DISTRICT = '<td class="text-end">0</td>', '<td class="text-end">—</td>'

# Stand-ins for the district ids in a cell's link, replaced by the real ones.
_HOME_MARK, _HOST_MARK = 987654321, 987654322


def sum_by(counts: dict, side: int) -> Counter:
    """The counts of (home, host) cells summed by home (``side`` 0) or by host (1)."""
    totals: Counter = Counter()
    for key, n in counts.items():
        totals[key[side]] += n
    return totals


def counted_directions(session, user) -> dict[tuple[int, int, int], int]:
    """(programme, home, host) → postings counted against a quota (``QUOTA_STATUSES``):
    one GROUP BY over the postings' counts (``PostingTally``) serving both the all-time
    flow and the reciprocity table."""
    rows = session.execute(
        sa.select(
            PostingTally.programme_id,
            PostingTally.home_district_id,
            PostingTally.host_district_id,
            sa.func.sum(PostingTally.postings),
        )
        .where(policy.posting_scope(user, PostingTally), PostingTally.status.in_(QUOTA_STATUSES))
        .group_by(
            PostingTally.programme_id, PostingTally.home_district_id, PostingTally.host_district_id
        )
    )
    return {(programme, home, host): n for programme, home, host, n in rows if n}


def flow_matrix(
    session, user, names, year: int | None = None, counted: dict | None = None
) -> FlowMatrix:
    """Who sends how many to whom, in ``year`` (the counts of its months) or all time
    (from ``counted_directions``, read here unless given)."""
    counts: dict[tuple[int, int], int] = {}
    if year is None:
        for (_programme, home, host), n in (counted or counted_directions(session, user)).items():
            counts[home, host] = counts.get((home, host), 0) + n
    else:
        rows = session.execute(
            sa.select(
                PostingTally.home_district_id,
                PostingTally.host_district_id,
                sa.func.sum(PostingTally.postings),
            )
            .where(
                policy.posting_scope(user, PostingTally),
                PostingTally.status.in_(QUOTA_STATUSES),
                PostingTally.start_month.between(date(year, 1, 1), date(year, 12, 1)),
            )
            .group_by(PostingTally.home_district_id, PostingTally.host_district_id)
        ).all()
        counts = {(home, host): n for home, host, n in rows if n}
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


def reciprocity(
    session, user, counted: dict | None = None, names: list | None = None
) -> list[Balance]:
    """Per programme and district pair: postings each way against the quota each way.

    Every direction that has postings or a quota, merged here from the counts
    (``counted_directions``) and the quotas, two small results."""
    counted = counted if counted is not None else counted_directions(session, user)
    # Quotas have the same two district columns, so the posting scope applies to them too.
    quotas = {
        (programme, home, host): limit
        for programme, home, host, limit in session.execute(
            sa.select(
                Quota.programme_id,
                Quota.home_district_id,
                Quota.host_district_id,
                Quota.max_postings,
            ).where(policy.posting_scope(user, Quota))
        )
    }
    programmes = dict(session.execute(sa.select(Programme.id, Programme.name)).all())
    district = dict(names if names is not None else district_names(session))
    by_pair: dict = {}
    directions = sorted(
        counted.keys() | quotas.keys(), key=lambda d: (programmes[d[0]], d[0], d[1], d[2])
    )
    for key in directions:
        programme_id, home, host = key
        a, b = sorted((home, host))
        entry = by_pair.setdefault((programme_id, a, b), {"ab": (0, None), "ba": (0, None)})
        entry["ab" if home == a else "ba"] = (counted.get(key, 0), quotas.get(key))
    return [
        Balance(programmes[programme_id], district[a], district[b], *entry["ab"], *entry["ba"])
        for (programme_id, a, b), entry in by_pair.items()
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
    this_month = until.replace(day=1)
    # The months before ``until``'s from the postings' counts (``PostingTally``); its own
    # month from the postings, which may start later in it than ``until``.
    earlier = [
        policy.posting_scope(user, PostingTally),
        PostingTally.status.in_(AGREED_STATUSES),
        PostingTally.start_month < this_month,
    ]
    current = [
        policy.posting_scope(user),
        Posting.status.in_(AGREED_STATUSES),
        Posting.start_date.between(this_month, until),
    ]
    if programme_id is not None:
        earlier.append(PostingTally.programme_id == programme_id)
        current.append(Posting.programme_id == programme_id)
    counts: dict[tuple[int, int], int] = {}
    for month, n in session.execute(
        sa.select(PostingTally.start_month, sa.func.sum(PostingTally.postings))
        .where(*earlier)
        .group_by(PostingTally.start_month)
    ):
        if n:
            counts[month.year, month.month] = n
    if n := session.scalar(sa.select(sa.func.count()).select_from(Posting).where(*current)):
        counts[this_month.year, this_month.month] = n
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
    # The bars' postings first, from the posting alone, then their names: a district's
    # thousands of postings are sorted as (start, id), not joined to their cadres first
    # (10 ms for an HR officer at 100,000 postings; the region's, read in start order,
    # stop after ``limit`` either way).
    bars = (
        sa.select(Posting.id)
        .where(*where)
        .order_by(Posting.start_date, Posting.id)
        .limit(limit)
        .subquery("bars")
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
        .select_from(bars)
        .join(Posting, Posting.id == bars.c.id)
        .join(Cadre, Cadre.id == Posting.cadre_id)
        .join(District, District.id == Posting.host_district_id)
        .order_by(Posting.start_date, Posting.id)
    ).all()
    return [TimelineBar(*row) for row in rows]
