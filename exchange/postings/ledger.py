"""The reciprocity ledger: postings and person-months each way between districts."""

from dataclasses import dataclass
from itertools import permutations

import sqlalchemy as sa

from exchange import policy
from exchange.dates import days_to_months
from exchange.extensions import db
from exchange.postings.models import QUOTA_STATUSES, Posting


def _days(end, start):
    """Inclusive days between two date columns, in the database's own arithmetic."""
    if db.session.get_bind().dialect.name == "sqlite":
        return sa.func.julianday(end) - sa.func.julianday(start) + 1
    return end - start + 1


@dataclass(frozen=True)
class LedgerRow:
    home: object
    host: object
    postings: int
    person_months: float
    quota: int | None
    posting_imbalance: int  # this direction minus the reverse one
    month_imbalance: float

    @property
    def quota_full(self) -> bool:
        return self.quota is not None and self.postings >= self.quota


def ledger(programme, user) -> list[LedgerRow]:
    """One row per ordered pair of the programme's districts (proposed to finished postings)
    that ``user`` may see the figures of: an HR officer only the pairs of their district."""
    rows = db.session.execute(
        sa.select(
            Posting.home_district_id,
            Posting.host_district_id,
            sa.func.count(Posting.id),
            sa.func.coalesce(sa.func.sum(_days(Posting.end_date, Posting.start_date)), 0),
        )
        .where(Posting.programme_id == programme.id, Posting.status.in_(QUOTA_STATUSES))
        .group_by(Posting.home_district_id, Posting.host_district_id)
    ).all()
    totals = {(home, host): (count, int(days)) for home, host, count, days in rows}
    quotas = {(q.home_district_id, q.host_district_id): q.max_postings for q in programme.quotas}
    result = []
    for home, host in permutations(programme.districts, 2):
        if not policy.can_view_district_pair(user, home.id, host.id):
            continue
        count, days = totals.get((home.id, host.id), (0, 0))
        back_count, back_days = totals.get((host.id, home.id), (0, 0))
        result.append(
            LedgerRow(
                home=home,
                host=host,
                postings=count,
                person_months=days_to_months(days),
                quota=quotas.get((home.id, host.id)),
                posting_imbalance=count - back_count,
                month_imbalance=days_to_months(days - back_days),
            )
        )
    return result
