"""Durations derived from a posting's dates; nothing here is ever stored.

Day counts are inclusive of both the first and the last day in post, as an HR
office counts them (a posting from 1 March to 31 March is 31 days).
"""

from dataclasses import dataclass
from datetime import date

from exchange.clock import today
from exchange.dates import term_months
from exchange.postings.models import HOLDING_STATUSES, SERVED_STATUSES


def inclusive_days(start: date, end: date) -> int:
    return max((end - start).days + 1, 0)


@dataclass(frozen=True)
class PostingDurations:
    planned_days: int
    planned_months: float
    served_days: int
    left_days: int
    extension_days: int
    progress_percent: int


# ``served_and_left``'s statuses as plain text: it runs once per row of a list or export.
_SERVED = frozenset(str(status.value) for status in SERVED_STATUSES)
_HOLDING = frozenset(str(status.value) for status in HOLDING_STATUSES)


def served_and_left(
    status: str, start: date, planned_end: date, end: date, as_of: date
) -> tuple[int, int]:
    """Days served and days left as of ``as_of``, from plain values (lists and exports
    call this once per row; ``end`` is the actual end if known, else the planned end).
    ``inclusive_days`` written out."""
    served = 0
    if status in _SERVED:
        served = ((as_of if as_of < end else end) - start).days + 1
        if served < 0:
            served = 0
    if status not in _HOLDING:
        return served, 0
    if as_of < start:
        return served, inclusive_days(start, planned_end)
    # end: an actual end already known (the roster of a past day) ends the term.
    left = (end - (as_of if as_of > start else start)).days
    return served, (left if left > 0 else 0)


def posting_durations(posting, as_of: date | None = None) -> PostingDurations:
    """Planned term, days served and left as of ``as_of`` (today by default)."""
    as_of = as_of or today()
    planned_days = inclusive_days(posting.start_date, posting.planned_end_date)
    served, left = served_and_left(
        posting.status, posting.start_date, posting.planned_end_date, posting.end_date, as_of
    )
    first_planned_end = (
        posting.extensions[0].previous_planned_end_date
        if posting.extensions
        else posting.planned_end_date
    )
    extension_days = (posting.planned_end_date - first_planned_end).days
    progress = round(100 * served / planned_days) if planned_days else 0
    return PostingDurations(
        planned_days=planned_days,
        planned_months=term_months(posting.start_date, posting.planned_end_date),
        served_days=served,
        left_days=left,
        extension_days=extension_days,
        progress_percent=min(progress, 100),
    )
