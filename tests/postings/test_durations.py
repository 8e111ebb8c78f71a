"""Days served and left, as lists and exports work them out for each row, counted as an
HR office counts them: both the first and the last day in post."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.postings.durations import served_and_left
from exchange.postings.models import HOLDING_STATUSES, SERVED_STATUSES, PostingStatus

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


def _counted(status, start, planned_end, end, as_of):
    """Day by day: served are the days in post up to ``as_of``; left, the days after it
    to the end (before the start: the whole planned term)."""
    term = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    served = sum(day <= as_of for day in term) if status in SERVED_STATUSES else 0
    if status not in HOLDING_STATUSES:
        return served, 0
    if as_of < start:
        return served, (planned_end - start).days + 1
    return served, sum(day > as_of for day in term)


@settings(max_examples=400, deadline=None)
@given(
    status=st.sampled_from([s.value for s in PostingStatus]),
    start=days,
    length=st.integers(1, 800),
    cut=st.one_of(st.none(), st.integers(0, 800)),
    as_of=days,
)
def test_served_and_left_count_the_days(status, start, length, cut, as_of):
    planned_end = start + timedelta(days=length)
    end = planned_end if cut is None else start + timedelta(days=min(cut, length))
    assert served_and_left(status, start, planned_end, end, as_of) == _counted(
        status, start, planned_end, end, as_of
    )


def test_a_month_in_post_is_its_days():
    march = (date(2026, 3, 1), date(2026, 3, 31))
    assert served_and_left("completed", *march, march[1], date(2026, 6, 1)) == (31, 0)
    assert served_and_left("active", *march, march[1], date(2026, 3, 10)) == (10, 21)
    assert served_and_left("accepted", *march, march[1], date(2026, 2, 1)) == (0, 31)
    assert served_and_left("cancelled", *march, march[1], date(2026, 3, 10)) == (0, 0)
