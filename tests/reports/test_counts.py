"""The constant-time compliance counts agree with the schedule, period by period."""

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.clock import TZ
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.postings.models import PostingStatus
from exchange.reports import filing
from exchange.reports.counts import (
    FINAL,
    NOTHING_DUE,
    ComplianceCounts,
    compliance_counts,
    counts_for_spans,
    standing_of_spans,
    summary_compliance,
)
from exchange.reports.models import ReflectionLog, ReportKind
from exchange.reports.overdue import overdue_count
from exchange.reports.schedule import Filed, Span, build_schedule, overdue_items
from tests import factories as f

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


@settings(max_examples=600, deadline=None)
@given(
    start=starts,
    length=st.integers(0, 900),
    cadence=st.sampled_from([None, 1, 1, 2, 3, 6]),
    required=st.one_of(st.none(), days),
    as_of=days,
    status=st.sampled_from([s.value for s in PostingStatus]),
    drawn=reports,
)
def test_counts_from_a_summary_equal_those_from_the_reports(
    start, length, cadence, required, as_of, status, drawn
):
    """The exports' and the 统计表's counts (``summary_compliance``, from a posting's
    ``FiledPeriods``) are the roster's, for every status, cadence and first required day."""
    end = start + timedelta(days=length)
    span = Span(1, status, start, end, cadence, required)
    filed = [
        (kind, start + timedelta(days=speaks), start + timedelta(days=speaks + late))
        for kind, speaks, late in drawn
    ]
    periods = filing.periods_text(
        start, cadence, [(speaks, sent) for kind, speaks, sent in filed if kind != FINAL]
    )
    finals = [sent for kind, _speaks, sent in filed if kind == FINAL]
    summary = summary_compliance(
        status, start, end, cadence, required, periods or None, min(finals, default=None), as_of
    )
    assert summary == compliance_counts(span, filed, as_of)


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


@pytest.mark.parametrize("on", [date(2026, 6, 1), date(2026, 9, 1), date(2027, 3, 1)])
def test_the_dashboards_overdue_count_is_the_overdue_list(ctx, world, user_of, on):
    """The count read from plain rows is the length of the list the schedule builds."""
    for key in ("admin", "leader", "hr_lj", "hr_tf", "hr_cd"):
        user = user_of(key)
        assert overdue_count(user, on) == len(overdue_items(user, on)), (key, on)
    assert overdue_count(user_of("admin"), date(2026, 9, 1)) > 0


@pytest.mark.parametrize("shown", [1, 2, 20])
@pytest.mark.parametrize("on", [date(2026, 9, 1), date(2027, 3, 1)])
def test_the_home_overview_shows_the_oldest_and_the_least_compliant(
    ctx, world, user_of, monkeypatch, shown, on
):
    """Chosen from plain rows, the lists are the first ``shown`` of the full lists."""
    from exchange.reports import home
    from exchange.reports.schedule import compliance_for

    monkeypatch.setattr(home, "SHOWN", shown)
    monkeypatch.setitem(ctx.config, "TODAY", on)
    for key in ("admin", "leader", "hr_lj", "hr_tf", "hr_cd"):
        user = user_of(key)
        data = home.overview(user)
        every = overdue_items(user, on)
        assert [(p.id, i.due_date) for p, i in data.overdue] == [
            (p.id, i.due_date) for p, i in every[:shown]
        ]
        assert data.overdue_total == len(every)
        active = [p for p, _i in every] + [p for p, _c in data.rows]
        full = compliance_for({p.id: p for p in active}.values(), on)
        for posting, counted in data.rows:
            assert (counted.on_time, counted.late, counted.missing) == (
                full[posting.id].on_time,
                full[posting.id].late,
                full[posting.id].missing,
            )
        assert len(data.rows) == min(shown, data.rows_total)


def _generated_postings(world, seed: int):
    """Postings of four cadences (two with reports required from a day) and their
    reports, submitted at random instants, many of them either side of local midnight
    (16:00 UTC): (Span, [Filed]) per posting, the Filed with the local day in Python."""
    rng = random.Random(seed)
    lj, tf = db.session.get(District, world.lj), db.session.get(District, world.tf)
    home, host = (
        db.session.get(Department, world.lj_services),
        db.session.get(Department, world.tf_hq),
    )
    author = f.create_user(f"gen{seed}", "admin")
    programmes = [
        f.create_programme(
            [lj, tf],
            name=f"生成批次{seed}-{n}",
            report_cadence_months=cadence,
            reports_required_from=required,
        )
        for n, (cadence, required) in enumerate(
            [(1, None), (2, None), (3, date(2025, 11, 30)), (6, date(2024, 2, 29))]
        )
    ]
    generated = []
    for n in range(40):
        programme = rng.choice(programmes)
        start = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1200))
        if rng.random() < 0.3:  # month ends, where due dates are clamped
            start = date(start.year, start.month, 1) + timedelta(days=rng.choice([27, 28, 29, 30]))
        end = start + timedelta(days=rng.randrange(1, 900))
        status = rng.choice(["active", "active", "completed", "ended_early", "proposed"])
        cadre = f.create_cadre(f"生成{seed}-{n}", home)
        posting = f.create_posting(cadre, host, programme, start, end, status=status)
        filed = []
        for _ in range(rng.randrange(0, 25)):
            kind = rng.choice([ReportKind.MONTHLY.value] * 4 + [ReportKind.FINAL.value])
            speaks = start + timedelta(days=rng.randrange(-40, 800))
            day = speaks + timedelta(days=rng.randrange(-5, 60))
            clock = rng.choice([time(15, 59, 59), time(16), time(16, 0, 1), time(23, 59)])
            if rng.random() < 0.5:
                clock = time(rng.randrange(24), rng.randrange(60))
            submitted_at = datetime.combine(day, clock, tzinfo=UTC)
            report = ReflectionLog(
                posting=posting,
                author=author,
                kind=kind,
                title="生成",
                body="",
                report_date=speaks,
                period_end_date=speaks if rng.random() < 0.5 else None,
                status=rng.choice(["submitted"] * 5 + ["draft"]),
                submitted_at=submitted_at,
            )
            db.session.add(report)
            if report.status == "submitted":
                filed.append(
                    Filed(len(filed), kind, speaks, None, submitted_at.astimezone(TZ).date())
                )
        generated.append(
            (
                Span(
                    posting.id,
                    status,
                    start,
                    end,
                    programme.report_cadence_months,
                    programme.reports_required_from,
                ),
                filed,
            )
        )
    db.session.flush()
    return generated


@pytest.mark.parametrize(("seed", "ids_per_statement"), [(1, 10_000), (2, 10_000), (3, 7)])
def test_counts_read_from_the_database_equal_the_schedules(
    ctx, world, seed, ids_per_statement, monkeypatch
):
    """``counts_for_spans`` (the roster's and the exports' counts: local days and the
    as-of cut computed by the database) gives every posting the schedule's counts, also
    when the postings' reports are read in several statements (a region's ids exceed
    what one statement carries)."""
    from exchange.reports import counts

    monkeypatch.setattr(counts, "IDS_PER_STATEMENT", ids_per_statement)
    generated = _generated_postings(world, seed)
    spans = [span for span, _filed in generated]
    # Cut on days reports were submitted, where a day too many or too few shows.
    sent = sorted({r.submitted_date for _span, filed in generated for r in filed})
    cuts = random.Random(seed).sample(sent, 6)
    for as_of in (date(2024, 6, 30), date(2026, 9, 1), date(2028, 1, 31)):
        for submitted_by in (None, as_of, *cuts):
            counted = counts_for_spans(spans, as_of, submitted_by=submitted_by)
            for span, filed in generated:
                expected = (
                    NOTHING_DUE
                    if span.status == PostingStatus.PROPOSED.value
                    else _expected(
                        span,
                        [(r.kind, r.speaks_for, r.submitted_date) for r in filed],
                        as_of,
                        submitted_by,
                    )
                )
                assert counted[span.posting_id] == expected, (span, as_of, submitted_by)


@pytest.mark.parametrize("seed", [4, 5])
def test_the_home_pages_standing_equals_the_schedules(ctx, world, seed):
    """``standing_of_spans`` (read from the postings' summaries): each posting's counts and
    the due date of its oldest missing report are those of its schedule."""
    generated = _generated_postings(world, seed)
    spans = [span for span, _filed in generated]
    for as_of in (date(2024, 6, 30), date(2025, 3, 31), date(2026, 9, 1), date(2028, 1, 31)):
        standing = standing_of_spans(spans, as_of)
        for span, filed in generated:
            if span.status == PostingStatus.PROPOSED.value:
                assert standing[span.posting_id] == (NOTHING_DUE, None)
                continue
            schedule = build_schedule(
                span.posting_id,
                span.start_date,
                span.end_date,
                span.cadence_months,
                filed,
                as_of,
                span.required_from,
            )
            oldest = min((item.due_date for item in schedule.overdue), default=None)
            counted = ComplianceCounts(schedule.on_time, schedule.late, schedule.missing)
            assert standing[span.posting_id] == (counted, oldest), (span, as_of)
