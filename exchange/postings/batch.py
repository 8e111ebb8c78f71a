"""Many proposals in one transaction (the import): the same services, fewer round trips.

``propose_posting(data, actor, batch)`` keeps every rule and every audit event of a
single proposal; with a :class:`ProposalBatch` it reads the other postings and the
quotas from :class:`MemoryFacts` (read once, then kept up to date as rows are added)
instead of asking the database per row, and writes the new postings in groups: the
session is flushed every ``FLUSH_EVERY`` proposals (and by :meth:`ProposalBatch.flush`),
each posting's audit event following once its id is known. Rules are the functions of
``exchange.postings.rules``; only where they read their facts differs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.org.models import District
from exchange.postings.models import QUOTA_STATUSES, Posting
from exchange.postings.rules import Facts
from exchange.programmes.models import Quota

Direction = tuple[int, int, int]  # programme, home district, host district


class Held:
    """Another posting of a cadre as the rules read it: its term, and what names it."""

    __slots__ = ("_id", "_posting", "direction", "end_date", "start_date", "status")

    def __init__(self, id_, status, start_date, end_date, direction, posting=None):
        self._id = id_
        self.status = status
        self.start_date: date = start_date
        self.end_date: date = end_date
        self.direction: Direction = direction
        self._posting: Posting | None = posting

    @property
    def id(self) -> int | None:
        return self._posting.id if self._posting is not None else self._id

    def forget(self) -> None:
        """Drop the posting object once it has its id (it is loaded again if needed)."""
        if self._posting is not None and self._posting.id is not None:
            self._id, self._posting = self._posting.id, None

    @property
    def posting(self) -> Posting:
        """The posting itself, loaded only to describe it in a message."""
        if self._posting is None:
            self._posting = db.session.get(Posting, self._id)
        assert self._posting is not None
        return self._posting

    @property
    def cadre(self):
        return self.posting.cadre

    @property
    def host_district(self):
        # A posting not yet flushed has the district's id (kept with its department) only.
        posting = self.posting
        return posting.host_district or db.session.get(District, posting.host_district_id)

    @property
    def host_department(self):
        return self.posting.host_department


class MemoryFacts(Facts):
    """The postings that count (holding or finished) and the quotas, read once."""

    def __init__(self) -> None:
        self._by_cadre: dict[int, list[Held]] | None = None
        self._quotas: dict[Direction, int] = {}
        self._used: Counter[Direction] = Counter()
        self._direction_of: dict[int, Direction] = {}
        self._with_objects: list[Held] = []

    def _add(self, cadre_id: int, held: Held) -> None:
        assert self._by_cadre is not None
        self._by_cadre[cadre_id].append(held)
        self._used[held.direction] += 1
        if held.id is not None:
            self._direction_of[held.id] = held.direction

    def _load(self) -> dict[int, list[Held]]:
        if self._by_cadre is None:
            self._by_cadre = defaultdict(list)
            rows = db.session.execute(
                sa.select(
                    Posting.id,
                    Posting.cadre_id,
                    Posting.status,
                    Posting.start_date,
                    Posting.end_date,
                    Posting.programme_id,
                    Posting.home_district_id,
                    Posting.host_district_id,
                ).where(Posting.status.in_(QUOTA_STATUSES))
            )
            for row in rows:
                direction = (row.programme_id, row.home_district_id, row.host_district_id)
                held = Held(row.id, row.status, row.start_date, row.end_date, direction)
                self._add(row.cadre_id, held)
            quotas = db.session.execute(
                sa.select(
                    Quota.programme_id,
                    Quota.home_district_id,
                    Quota.host_district_id,
                    Quota.max_postings,
                )
            )
            self._quotas = {(q[0], q[1], q[2]): q[3] for q in quotas}
        return self._by_cadre

    def remember(self, posting: Posting) -> None:
        """A posting this transaction added (its id may not be known yet)."""
        if posting.status not in QUOTA_STATUSES:
            return
        self._load()
        direction = (posting.programme.id, posting.home_district_id, posting.host_district_id)
        held = Held(None, posting.status, posting.start_date, posting.end_date, direction, posting)
        self._add(posting.cadre.id, held)
        self._with_objects.append(held)

    def forget_objects(self) -> None:
        """After a flush: keep the new postings' ids, not the postings (memory)."""
        for held in self._with_objects:
            held.forget()
            if held.id is not None:
                self._direction_of[held.id] = held.direction
        self._with_objects = []

    def postings_of(self, cadre_id, statuses, exclude_id=None) -> list:
        held = self._load().get(cadre_id, [])
        found = [
            h for h in held if h.status in statuses and (exclude_id is None or h.id != exclude_id)
        ]
        return sorted(found, key=lambda h: h.start_date)

    def quota(self, programme_id, home_district_id, host_district_id):
        self._load()
        return self._quotas.get((programme_id, home_district_id, host_district_id))

    def used(
        self, programme_id, home_district_id, host_district_id, exclude_id=None, statuses=None
    ) -> int:
        """The file's count of postings that hold a place in the quota (an import proposes
        or records postings that all count, so ``statuses`` is the default one)."""
        self._load()
        direction = (programme_id, home_district_id, host_district_id)
        excluded = exclude_id is not None and self._direction_of.get(exclude_id) == direction
        return self._used[direction] - (1 if excluded else 0)


class ProposalBatch:
    """What ``propose_posting`` shares across the rows of one import."""

    FLUSH_EVERY = 500

    def __init__(self) -> None:
        self.facts = MemoryFacts()
        self._locked: set[int] = set()  # cadres locked by this transaction
        self._cadres: dict[int, Cadre] = {}  # those of the current group of rows
        self._pending: list[Callable[[], None]] = []

    def cadre(self, cadre_id: int) -> Cadre | None:
        """The cadre, locked (PostgreSQL) the first time this transaction proposes them."""
        if cadre_id in self._cadres:
            return self._cadres[cadre_id]
        if cadre_id in self._locked:
            return db.session.get(Cadre, cadre_id)
        self._locked.add(cadre_id)
        return db.session.scalar(sa.select(Cadre).where(Cadre.id == cadre_id).with_for_update())

    def load_cadres(self, ids) -> None:
        """Load and lock the cadres the next rows name, in one query.

        Only the current group's cadres are held: a 10,000-row file keeps no more than
        that in memory (the session itself holds its clean objects weakly).
        """
        wanted = sorted(set(ids) - self._locked)
        self._cadres = {
            cadre_id: self._cadres[cadre_id] for cadre_id in ids if cadre_id in self._cadres
        }
        if not wanted:
            return
        found = db.session.scalars(
            sa.select(Cadre).where(Cadre.id.in_(wanted)).order_by(Cadre.id).with_for_update()
        )
        self._cadres.update({cadre.id: cadre for cadre in found})
        self._locked.update(wanted)

    def added(self, posting: Posting, after_flush: Callable[[], None]) -> None:
        """A new posting: the rules of the next rows see it; ``after_flush`` audits it."""
        self.facts.remember(posting)
        self._pending.append(after_flush)
        if len(self._pending) >= self.FLUSH_EVERY:
            self.flush()

    def remember(self, posting: Posting) -> None:
        """A posting written outside the batch (a historic one): later rows see it."""
        self.facts.remember(posting)

    def flush(self) -> None:
        """Write the pending postings, then their audit events (written by the next flush)."""
        if not self._pending:
            return
        db.session.flush()
        pending, self._pending = self._pending, []
        for after_flush in pending:
            after_flush()
        self.facts.forget_objects()
