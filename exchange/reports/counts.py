"""Report compliance as counts, in constant time per posting: for lists and exports.

``schedule.build_schedule`` lists every period of a term with its state; a list of
100,000 postings does not need the periods, only how many were filed on time, late or
are missing. The periods are arithmetic — the k-th periodic report is due ``k × cadence``
months after the start, on the start's day of month (clamped) — so whether a date falls
on or before the k-th due date is a comparison of month numbers, and every count is a
division. ``compliance_counts`` gives the same figures as ``build_schedule``
(tests/reports/test_counts.py compares them on generated terms and reports) without
building a period or a ``DueItem``.

Written by hand: no library knows these periods; the rule they follow is the schedule's.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from exchange import clock, policy
from exchange.cadres.models import Cadre
from exchange.dates import add_months
from exchange.extensions import db
from exchange.postings.models import REPORTABLE_STATUSES, Posting
from exchange.programmes.models import Programme
from exchange.reports.models import ReflectionLog, ReportKind, ReportStatus
from exchange.reports.schedule import (
    FINAL_GRACE_DAYS,
    OVERDUE_LOOKBACK_DAYS,
    Span,
    in_post_or_ended_since,
)

MONTHLY = ReportKind.MONTHLY.value
FINAL = ReportKind.FINAL.value


@dataclass(frozen=True, slots=True)
class ComplianceCounts:
    """How a posting's reports stand: filed on time, filed late, missing (past due)."""

    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def due(self) -> int:
        """Items whose due date has passed or that were filed."""
        return self.on_time + self.late + self.missing

    @property
    def rate(self) -> float | None:
        """Share of due items filed on time (0..1), or None when nothing is due yet."""
        return self.on_time / self.due if self.due else None

    @property
    def rate_percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


NOTHING_DUE = ComplianceCounts()


def _offset(day: date, start: date) -> int:
    """The least ``m`` such that ``day`` is on or before the date ``m`` months after
    ``start`` (on the start's day of month, clamped): the k-th due date is on or after
    ``day`` exactly when ``k × cadence ≥ _offset(day, start)``."""
    months = (day.year - start.year) * 12 + day.month - start.month
    return months + (day.day > start.day)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _earliest_filings(filed, start: date, cadence: int, periods, submitted_by):
    """Period number → its earliest submission (periods ``periods[0]``..``periods[1]``),
    and the earliest final summary; what was submitted after ``submitted_by`` is left out."""
    first, last = periods
    earliest: dict[int, date] = {}
    final: date | None = None
    for kind, speaks_for, submitted in filed:
        if submitted_by is not None and submitted > submitted_by:
            continue
        if kind == FINAL:
            final = submitted if final is None or submitted < final else final
        elif speaks_for >= start:
            period = max(_ceil_div(_offset(speaks_for, start), cadence), 1)
            if first <= period <= last and submitted < earliest.get(period, date.max):
                earliest[period] = submitted
    return earliest, final


@dataclass(frozen=True, slots=True)
class _Bounds:
    """A term's periodic reports as numbers: cadence, the first and last period expected,
    the last period due before ``as_of``; the final summary's due date and whether it is
    expected at all."""

    cadence: int
    first: int
    last: int
    past: int
    final_due: date
    final_expected: bool


def _bounds(span: Span, as_of: date) -> _Bounds:
    start, end = span.start_date, span.end_date
    cadence = max(int(span.cadence_months or 1), 1)
    last = max((_offset(end, start) - 1) // cadence, 0)  # periodic reports due before the end
    first = 1
    final_due = end + timedelta(days=FINAL_GRACE_DAYS)
    final_expected = True
    if span.required_from is not None:
        first = max(first, _ceil_div(_offset(span.required_from, start), cadence))
        final_expected = final_due >= span.required_from
    past = min(last, (_offset(as_of, start) - 1) // cadence)  # due dates before ``as_of``
    return _Bounds(cadence, first, last, past, final_due, final_expected)


def compliance_counts(
    span: Span,
    filed: Iterable[tuple[str, date, date]],
    as_of: date,
    submitted_by: date | None = None,
) -> ComplianceCounts:
    """The counts ``build_schedule(...)`` gives for ``span``; ``filed`` holds each submitted
    report as (kind, the day it speaks for, the local day it was submitted)."""
    if span.status not in REPORTABLE_STATUSES:
        return NOTHING_DUE
    b = _bounds(span, as_of)
    earliest, final = _earliest_filings(
        filed, span.start_date, b.cadence, (b.first, b.last), submitted_by
    )
    on_time = late = filed_past = 0
    for period, submitted in earliest.items():
        if _offset(submitted, span.start_date) <= period * b.cadence:
            on_time += 1
        else:
            late += 1
        filed_past += period <= b.past
    missing = max(b.past - b.first + 1, 0) - filed_past
    if b.final_expected:
        if final is not None:
            on_time += final <= b.final_due
            late += final > b.final_due
        elif as_of > b.final_due:
            missing += 1
    return ComplianceCounts(on_time, late, missing)


def first_missing_due(
    span: Span, filed: Iterable[tuple[str, date, date]], as_of: date
) -> date | None:
    """The due date of the posting's oldest missing report on ``as_of`` (None: none is)."""
    if span.status not in REPORTABLE_STATUSES:
        return None
    b = _bounds(span, as_of)
    earliest, final = _earliest_filings(filed, span.start_date, b.cadence, (b.first, b.last), None)
    for period in range(b.first, b.past + 1):
        if period not in earliest:
            return add_months(span.start_date, period * b.cadence, anchor_day=span.start_date.day)
    if b.final_expected and final is None and as_of > b.final_due:
        return b.final_due
    return None


def _local_day(moment: datetime) -> date:
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(clock.TZ).date()


def filed_reports(posting_ids: list[int]) -> dict[int, list[tuple[str, date, date]]]:
    """Submitted periodic and final reports of ``posting_ids`` as plain tuples, one query."""
    filed: dict[int, list[tuple[str, date, date]]] = defaultdict(list)
    if not posting_ids:
        return filed
    rows = db.session.execute(
        sa.select(
            ReflectionLog.posting_id,
            ReflectionLog.kind,
            sa.func.coalesce(ReflectionLog.period_end_date, ReflectionLog.report_date),
            ReflectionLog.submitted_at,
        ).where(
            ReflectionLog.posting_id.in_(posting_ids),
            ReflectionLog.status == ReportStatus.SUBMITTED,
            ReflectionLog.kind.in_((ReportKind.MONTHLY, ReportKind.FINAL)),
        )
    )
    for posting_id, kind, speaks_for, submitted_at in rows:
        assert submitted_at is not None  # CHECK submitted_has_time
        filed[posting_id].append((kind, speaks_for, _local_day(submitted_at)))
    return filed


def counts_for_spans(
    spans: Sequence[Span], as_of: date, *, submitted_by: date | None = None
) -> dict[int, ComplianceCounts]:
    """``compliance_counts`` of many postings, with their reports read in one query."""
    filed = filed_reports([s.posting_id for s in spans if s.status in REPORTABLE_STATUSES])
    return {
        span.posting_id: compliance_counts(
            span, filed.get(span.posting_id, ()), as_of, submitted_by
        )
        for span in spans
    }


def recent_spans(user, as_of: date) -> Sequence:
    """The postings ``user`` may see that reminders are about on ``as_of`` (in post, or
    finished within ``OVERDUE_LOOKBACK_DAYS``) as plain rows a schedule can read, with the
    official's name key for sorting."""
    recent = as_of - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    return db.session.execute(
        sa.select(
            Posting.id.label("posting_id"),
            Posting.status,
            Posting.start_date,
            Posting.end_date.label("end_date"),
            Programme.report_cadence_months.label("cadence_months"),
            Programme.reports_required_from.label("required_from"),
            Cadre.name_pinyin,
        )
        .join(Programme, Programme.id == Posting.programme_id)
        .join(Cadre, Cadre.id == Posting.cadre_id)
        .where(policy.posting_scope(user), in_post_or_ended_since(recent))
    ).all()


def overdue_count(user, as_of: date) -> int:
    """How many reports are overdue on ``as_of`` within what ``user`` may see: the length
    of ``schedule.overdue_items(user, as_of)``, read as plain rows (no posting objects,
    no periods)."""
    counts = counts_for_spans(recent_spans(user, as_of), as_of)
    return sum(c.missing for c in counts.values())
