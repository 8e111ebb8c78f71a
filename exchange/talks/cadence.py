"""Talk cadence: calendar periods (quarters, half-years ...) each needing a talk per side."""

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from exchange import clock
from exchange.extensions import db
from exchange.talks.models import Talk, TalkRule

DONE, DUE, LATE = "done", "due", "late"
CHUNK = 5_000  # posting ids per statement (SQLite takes at most 32,766 parameters)


@dataclass(frozen=True)
class Period:
    posting: Any  # a Posting, or a plain row with its id, programme, dates and districts
    side: str
    first: date  # inside the posting
    last: date  # the talk is due by this day
    talks: int
    state: str
    source: str


def talk_days(posting_ids) -> dict[tuple[int, str], list[date]]:
    """(posting, side) → the days of its talks, in order. ``posting_ids``: a list, or a
    SELECT of the ids (one statement for any number: a region's ids as parameters cost
    more than reading their talks)."""
    days: dict[tuple[int, str], list[date]] = {}
    if isinstance(posting_ids, list):
        parts = [posting_ids[first : first + CHUNK] for first in range(0, len(posting_ids), CHUNK)]
    else:
        parts = [posting_ids]
    for part in parts:  # a region's postings are more ids than one statement may carry
        for posting_id, side, day in db.session.execute(
            sa.select(Talk.posting_id, Talk.side, Talk.talk_date).where(Talk.posting_id.in_(part))
        ):
            days.setdefault((posting_id, side), []).append(day)
    for found in days.values():
        found.sort()
    return days


def period_start(day: date, every: int) -> date:
    """The first day of the calendar period of ``every`` months that holds ``day``."""
    month = ((day.month - 1) // every) * every + 1
    return date(day.year, month, 1)


def rules_of(programme_ids) -> dict[int, list[TalkRule]]:
    """programme → its talk rules (one per side that must talk)."""
    rules: dict[int, list[TalkRule]] = {}
    for rule in db.session.scalars(
        sa.select(TalkRule).where(TalkRule.programme_id.in_(set(programme_ids)))
    ):
        rules.setdefault(rule.programme_id, []).append(rule)
    return rules


def periods_for(
    postings: Sequence[Any],
    as_of: date | None = None,
    talks: dict[tuple[int, str], list[date]] | None = None,
    rules: dict[int, list[TalkRule]] | None = None,
) -> dict[int, list[Period]]:
    """Each posting's periods up to today, by side, with how many talks each had.

    ``postings`` are Posting objects or plain rows with ``id``, ``programme_id``,
    ``start_date`` and ``end_date``; ``talks`` and ``rules``, when given, their
    ``talk_days`` and their programmes' ``rules_of`` already read."""
    as_of = as_of or clock.today()
    result: dict[int, list[Period]] = {p.id: [] for p in postings}
    if not postings:
        return result
    if rules is None:
        rules = rules_of({p.programme_id for p in postings})
    if talks is None:
        talks = talk_days([p.id for p in postings])
    day = timedelta(days=1)
    for posting in postings:
        begin, end = posting.start_date, posting.end_date
        until = min(as_of, end)
        for rule in rules.get(posting.programme_id, []):
            days = talks.get((posting.id, rule.side), [])
            every = rule.every_months
            # From ``period_start``, a period every ``every`` months, counted by month number
            # (the 1st of a month plus whole months): ``add_months`` twice a period was most
            # of an HR officer's talk list.
            start = period_start(begin, every)
            index = start.year * 12 + start.month - 1
            while start <= until:
                index += every
                following = date(index // 12, index % 12 + 1, 1)
                first = start if start > begin else begin
                last = following - day
                if last > end:
                    last = end
                # The talks in [first, last]: ``days`` is sorted.
                count = bisect_right(days, last) - bisect_left(days, first)
                state = DONE if count else (LATE if as_of > last else DUE)
                result[posting.id].append(
                    Period(posting, rule.side, first, last, count, state, rule.source)
                )
                start = following
    return result
