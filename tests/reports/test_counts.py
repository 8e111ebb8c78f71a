"""The constant-time compliance counts agree with the schedule, period by period."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.postings.models import PostingStatus
from exchange.reports.counts import ComplianceCounts, compliance_counts
from exchange.reports.models import ReportKind
from exchange.reports.schedule import Filed, Span, build_schedule

days = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))
# Starts on month ends and the 29th–31st are where clamping happens: draw them often.
starts = st.one_of(
    days,
    st.builds(
        lambda y, m, d: date(y, m, 1) + timedelta(days=d),
        st.integers(2019, 2026),
        st.integers(1, 12),
        st.sampled_from([27, 28, 29, 30]),
    ),
)
reports = st.lists(
    st.tuples(
        st.sampled_from([ReportKind.MONTHLY.value, ReportKind.FINAL.value]),
        st.integers(-40, 800),  # speaks for: days after the start
        st.integers(-5, 60),  # submitted: days after the day it speaks for
    ),
    max_size=30,
)


def _expected(span, filed, as_of, submitted_by):
    schedule = build_schedule(
        span.posting_id,
        span.start_date,
        span.end_date,
        span.cadence_months,
        [
            Filed(i, kind, speaks, None, submitted)
            for i, (kind, speaks, submitted) in enumerate(filed)
        ],
        as_of,
        span.required_from,
        submitted_by,
    )
    return ComplianceCounts(schedule.on_time, schedule.late, schedule.missing)


@settings(max_examples=600, deadline=None)
@given(
    start=starts,
    length=st.integers(0, 900),
    cadence=st.sampled_from([1, 1, 2, 3, 6]),
    required=st.one_of(st.none(), days),
    as_of=days,
    submitted_by=st.one_of(st.none(), days),
    drawn=reports,
)
def test_counts_equal_the_schedules(start, length, cadence, required, as_of, submitted_by, drawn):
    span = Span(
        1, PostingStatus.ACTIVE.value, start, start + timedelta(days=length), cadence, required
    )
    filed = [
        (kind, start + timedelta(days=speaks), start + timedelta(days=speaks + late))
        for kind, speaks, late in drawn
    ]
    assert compliance_counts(span, filed, as_of, submitted_by) == _expected(
        span, filed, as_of, submitted_by
    )


def test_a_posting_that_never_started_owes_nothing():
    span = Span(1, PostingStatus.PROPOSED.value, date(2026, 1, 1), date(2026, 12, 31))
    counts = compliance_counts(span, [], date(2027, 6, 1))
    assert counts == ComplianceCounts() and counts.rate is None


def test_a_year_of_monthly_reports_on_the_31st():
    """Due 2/28, 3/31, 4/30 …: a report speaking for 2/28 and filed then is on time."""
    span = Span(1, PostingStatus.COMPLETED.value, date(2025, 1, 31), date(2025, 12, 31))
    filed = [("monthly", date(2025, 2, 28), date(2025, 2, 28))]
    counts = compliance_counts(span, filed, date(2026, 3, 1))
    # Ten periodic reports fell due before the end (the one due 12/31 is the end), and
    # the final summary.
    assert (counts.on_time, counts.late, counts.missing, counts.due) == (1, 0, 10, 11)
    assert counts.rate_percent == 9
