"""Report compliance as counts, in constant time per posting: for lists and exports.

``schedule.build_schedule`` lists every period of a term with its state; a list of
100,000 postings does not need the periods, only how many were filed on time, late or
are missing. The periods are arithmetic — the k-th periodic report is due ``k × cadence``
months after the start, on the start's day of month (clamped) — so whether a date falls
on or before the k-th due date is a comparison of month numbers, and every count is a
division. ``compliance_counts`` gives the same figures as ``build_schedule``
(tests/reports/test_counts.py compares them on generated terms and reports) without
building a period or a ``DueItem``. The counts of the current day read each posting's
filed periods from its summary (``filing``); those as of a past day read the reports
submitted by then.

Written by hand: no library knows these periods; the rule they follow is the schedule's.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import sqlalchemy as sa

from exchange import clock, policy
from exchange.cadres.models import Cadre
from exchange.dates import add_months
from exchange.extensions import db
from exchange.postings.models import REPORTABLE_STATUSES, Posting
from exchange.programmes.models import Programme
from exchange.reports.models import FiledPeriods, ReflectionLog, ReportKind, ReportStatus
from exchange.reports.schedule import (
    FINAL_GRACE_DAYS,
    OVERDUE_LOOKBACK_DAYS,
    Span,
    in_post_or_ended_since,
)

MONTHLY = ReportKind.MONTHLY.value
FINAL = ReportKind.FINAL.value
# A period's mark in a posting's summary (``filing``): filed late, on time, not filed.
FILED_LATE, ON_TIME, MISSING = "1", "2", "0"
# Asia/Shanghai's offset from UTC, which SQLite's local day adds (see ``local_day``).
SQLITE_UTC_OFFSET_HOURS = 8
IDS_PER_STATEMENT = 10_000  # posting ids a statement carries when reading their reports


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
    return _counted(_tally(span, as_of, filed, submitted_by), as_of)


def first_missing_due(
    span: Span, filed: Iterable[tuple[str, date, date]], as_of: date
) -> date | None:
    """The due date of the posting's oldest missing report on ``as_of`` (None: none is)."""
    if span.status not in REPORTABLE_STATUSES:
        return None
    return _first_missing(_tally(span, as_of, filed), as_of)


def _first_missing(tally: "_Tally", as_of: date) -> date | None:
    for period in range(tally.first, tally.past + 1):
        if period not in tally.periods:
            return add_months(tally.start, period * tally.cadence, anchor_day=tally.day)
    if tally.final_expected and tally.final is None and as_of > tally.final_due:
        return tally.final_due
    return None


def local_day(column, dialect: str):
    """The local day (``clock.TZ``) of a UTC timestamp column, computed by the database: a
    list of many reports then gets dates, not a timezone-aware datetime per report.

    Both databases hold the timestamps as naive UTC. SQLite holds them as text
    (``YYYY-MM-DD HH:MM:SS.ffffff``) and has no time zones: Asia/Shanghai has kept UTC+8
    without daylight saving since 1991, so the local day is the UTC day until 16:00 UTC
    and the next day from then on (read from the text; ``date()`` only for the latter).
    PostgreSQL converts with the zone's own rules.
    """
    if dialect == "sqlite":
        text = sa.type_coerce(column, sa.String)
        shifted = sa.func.date(text, f"+{SQLITE_UTC_OFFSET_HOURS} hours")
        day = sa.case(
            (
                sa.func.substr(text, 12, 2) < f"{24 - SQLITE_UTC_OFFSET_HOURS:02d}",
                sa.func.substr(text, 1, 10),
            ),
            else_=shifted,
        )
        return sa.type_coerce(day, sa.Date)
    return sa.cast(sa.func.timezone(clock.TZ.key, sa.func.timezone("UTC", column)), sa.Date)


def _iso_text(day, dialect: str):
    """A date as ``YYYY-MM-DD`` text (SQLite holds dates as that text already)."""
    if dialect == "sqlite":
        return sa.type_coerce(day, sa.String)
    return sa.func.to_char(day, "YYYY-MM-DD", type_=sa.String)


def _submitted(
    posting_ids: list[int], submitted_by: date | None = None
) -> Iterator[tuple[int, list[tuple[str, date, date]]]]:
    """Each of ``posting_ids`` that has any, with its submitted periodic and final reports
    (submitted by ``submitted_by``, a local day, if given) as (kind, the day it speaks for,
    the local day it was submitted): one statement, the days as dates.

    An export reads close to a million reports, and a row per report from the database
    (the driver's tuple and its values, SQLAlchemy's row and its result processing) cost
    more than all the counting: the database packs each posting's reports into one text
    (``m2026-03-312026-04-02,f…``: kind, the day it speaks for, the local day it was
    submitted), read from the driver's cursor and unpacked here.
    """
    dialect = db.session.get_bind().dialect.name
    packed = (
        sa.case((ReflectionLog.kind == ReportKind.FINAL, "f"), else_="m")
        + _iso_text(
            sa.func.coalesce(ReflectionLog.period_end_date, ReflectionLog.report_date), dialect
        )
        + _iso_text(local_day(ReflectionLog.submitted_at, dialect), dialect)
    )
    stmt = (
        sa.select(ReflectionLog.posting_id, sa.func.aggregate_strings(packed, ","))
        .where(
            # One parameter for the ids, expanded when executed: not a literal per id.
            ReflectionLog.posting_id.in_(sa.bindparam("posting_ids", expanding=True)),
            ReflectionLog.status == ReportStatus.SUBMITTED,
            ReflectionLog.kind.in_((ReportKind.MONTHLY, ReportKind.FINAL)),
        )
        .group_by(ReflectionLog.posting_id)
    )
    if submitted_by is not None:
        # Submitted on or before that local day: before the next day begins there.
        next_day = datetime.combine(submitted_by + timedelta(days=1), time(), tzinfo=clock.TZ)
        stmt = stmt.where(ReflectionLog.submitted_at < next_day)
    day = date.fromisoformat
    # A region's postings are more ids than one statement may carry (SQLite: 32,766).
    for first in range(0, len(posting_ids), IDS_PER_STATEMENT):
        chunk = posting_ids[first : first + IDS_PER_STATEMENT]
        result = db.session.connection().execute(stmt, {"posting_ids": chunk})
        try:
            rows = result.cursor.fetchall()
        finally:
            result.close()
        for posting_id, reports in rows:
            yield (
                posting_id,
                [
                    (FINAL if report[0] == "f" else MONTHLY, day(report[1:11]), day(report[11:21]))
                    for report in reports.split(",")
                ],
            )


def filed_reports(posting_ids: list[int]) -> dict[int, list[tuple[str, date, date]]]:
    """Submitted periodic and final reports of ``posting_ids`` as plain tuples, one query."""
    filed: dict[int, list[tuple[str, date, date]]] = defaultdict(list)
    if not posting_ids:
        return filed
    for posting_id, reports in _submitted(posting_ids):
        filed[posting_id] = reports
    return filed


class _Tally:
    """One posting's term as numbers, and its reports counted period by period as they are
    read.

    The term: its cadence; the first and last periodic report expected (``last``: due
    before the end), the last due before ``as_of`` (``past``); the final summary's due
    date and whether it is expected at all. The reports: whether each period in range had
    one, and whether one was on time (the earliest is on time exactly when any is); the
    earliest final summary.
    """

    __slots__ = (
        "start",
        "month",
        "day",
        "cadence",
        "first",
        "last",
        "past",
        "final_due",
        "final_expected",
        "periods",
        "final",
    )

    def __init__(self, span: Span, as_of: date):
        start = span.start_date
        self.start = start
        self.month = start.year * 12 + start.month
        self.day = start.day
        (
            self.cadence,
            self.first,
            self.last,
            self.past,
            self.final_due,
            self.final_expected,
        ) = _bounds(start, span.end_date, span.cadence_months, span.required_from, as_of)
        self.periods: dict[int, bool] = {}
        self.final: date | None = None


def _bounds(
    start: date, end: date, cadence_months: int | None, required_from: date | None, as_of: date
) -> tuple[int, int, int, int, date, bool]:
    """A term's numbers: its cadence; the first periodic report expected, the last due
    before the end and the last due before ``as_of``; the final summary's due date and
    whether it is expected at all."""
    cadence = int(cadence_months or 1)
    cadence = cadence if cadence > 1 else 1
    last = (_offset(end, start) - 1) // cadence  # due before the end
    last = last if last > 0 else 0
    final_due = end + timedelta(days=FINAL_GRACE_DAYS)
    first, final_expected = 1, True
    if required_from is not None:
        first = max(1, _ceil_div(_offset(required_from, start), cadence))
        final_expected = final_due >= required_from
    past = (_offset(as_of, start) - 1) // cadence  # due before ``as_of``
    return cadence, first, last, (past if past < last else last), final_due, final_expected


def _add_reports(tally: _Tally, reports: Iterable[tuple[str, date, date]]) -> None:
    """Count a posting's reports (kind, speaks for, submitted local day) in its tally,
    with ``_offset`` inlined: an export counts hundreds of thousands of them."""
    start, month, day, cadence = tally.start, tally.month, tally.day, tally.cadence
    first, last, periods = tally.first, tally.last, tally.periods
    for kind, speaks_for, submitted in reports:
        if kind == FINAL:
            if tally.final is None or submitted < tally.final:
                tally.final = submitted
            continue
        if speaks_for < start:
            continue
        offset = speaks_for.year * 12 + speaks_for.month - month + (speaks_for.day > day)
        period = -(-offset // cadence) or 1  # offset >= 0
        if first <= period <= last:
            if submitted.year * 12 + submitted.month - month + (submitted.day > day) <= (
                period * cadence
            ):
                periods[period] = True
            else:
                periods.setdefault(period, False)


def _tally(span: Span, as_of: date, filed, submitted_by: date | None = None) -> _Tally:
    """The tally of one posting's reports (kind, speaks for, submitted local day), leaving
    out what was submitted after ``submitted_by``."""
    tally = _Tally(span, as_of)
    _add_reports(
        tally,
        (
            (kind, speaks_for, submitted)
            for kind, speaks_for, submitted in filed
            if submitted_by is None or submitted <= submitted_by
        ),
    )
    return tally


@lru_cache(maxsize=4096)
def _counts(on_time: int, late: int, missing: int) -> ComplianceCounts:
    """One shared (immutable) object per combination of counts, of which a list of any
    length has few: not one object per posting."""
    return ComplianceCounts(on_time, late, missing)


def _counted(tally: _Tally, as_of: date) -> ComplianceCounts:
    """``build_schedule``'s counts from a tally: periods filed on time or late, periods due
    before ``as_of`` not filed; the final summary likewise."""
    on_time = late = filed_past = 0
    past = tally.past
    for period, in_time in tally.periods.items():
        if in_time:
            on_time += 1
        else:
            late += 1
        filed_past += period <= past
    expected = past - tally.first + 1
    missing = (expected if expected > 0 else 0) - filed_past
    if tally.final_expected:
        final, final_due = tally.final, tally.final_due
        if final is not None:
            on_time += final <= final_due
            late += final > final_due
        elif as_of > final_due:
            missing += 1
    return _counts(on_time, late, missing)


def counts_for_spans(
    spans: Sequence[Span], as_of: date, *, submitted_by: date | None = None
) -> dict[int, ComplianceCounts]:
    """``compliance_counts`` of many postings: from their summaries (``filing``, a row per
    posting), or, for the reports submitted by a past day, from the reports themselves,
    read in one query (a row per posting) and counted as they are unpacked."""
    tallies = {
        span.posting_id: _Tally(span, as_of) for span in spans if span.status in REPORTABLE_STATUSES
    }
    if submitted_by is None:
        found = _summaries(list(tallies))
        return {
            span.posting_id: NOTHING_DUE
            if tally is None
            else _summary_counts(tally, *found.get(span.posting_id, ("", None)), as_of)
            for span in spans
            for tally in (tallies.get(span.posting_id),)
        }
    if tallies:
        for posting_id, reports in _submitted(list(tallies), submitted_by):
            _add_reports(tallies[posting_id], reports)
    return {
        span.posting_id: NOTHING_DUE if tally is None else _counted(tally, as_of)
        for span in spans
        for tally in (tallies.get(span.posting_id),)
    }


def _summaries(posting_ids: list[int]) -> dict[int, tuple[str, date | None]]:
    """The ``FiledPeriods`` of ``posting_ids`` that have one: (periods, final submitted)."""
    found: dict[int, tuple[str, date | None]] = {}
    stmt = sa.select(
        FiledPeriods.posting_id, FiledPeriods.periods, FiledPeriods.final_submitted
    ).where(FiledPeriods.posting_id.in_(sa.bindparam("posting_ids", expanding=True)))
    connection = db.session.connection()
    for first in range(0, len(posting_ids), IDS_PER_STATEMENT):
        chunk = posting_ids[first : first + IDS_PER_STATEMENT]
        for posting_id, periods, final in connection.execute(stmt, {"posting_ids": chunk}):
            found[posting_id] = (periods, final)
    return found


def _summary_counts(
    tally: _Tally, periods: str, final: date | None, as_of: date
) -> ComplianceCounts:
    """``_counted`` from a posting's summary instead of its reports."""
    return _from_summary(
        tally.first, tally.last, tally.past, tally.final_due, tally.final_expected,
        periods, final, as_of,
    )  # fmt: skip


def _from_summary(
    first: int,
    last: int,
    past: int,
    final_due: date,
    final_expected: bool,
    periods: str,
    final: date | None,
    as_of: date,
) -> ComplianceCounts:
    from exchange.reports import filing  # filing numbers periods with this module's _offset

    on_time = filing.marked_between(periods, first, last, filing.ON_TIME)
    late = filing.marked_between(periods, first, last, filing.FILED_LATE)
    expected = past - first + 1
    missing = (expected if expected > 0 else 0) - filing.filed_between(periods, first, past)
    if final_expected:
        if final is not None:
            on_time += final <= final_due
            late += final > final_due
        elif as_of > final_due:
            missing += 1
    return _counts(on_time, late, missing)


# ``summary_compliance``'s constants, read as plain values: it runs once per exported row.
_REPORTABLE_VALUES = frozenset(str(status.value) for status in REPORTABLE_STATUSES)
_FINAL_GRACE = timedelta(days=FINAL_GRACE_DAYS)


def summary_compliance(
    status: str,
    start: date,
    end: date,
    cadence_months: int | None,
    required_from: date | None,
    periods: str | None,
    final: date | None,
    as_of: date,
) -> ComplianceCounts:
    """``counts_for_spans(...)[posting]`` of today's roster from plain values: the
    posting's columns and its summary (``FiledPeriods``, None when it has none), read with
    it. For exports, which count a region's postings in one pass over rows, with no tally
    object per posting and no second statement for the summaries.

    ``_bounds`` and ``_from_summary`` written out in one function, with ``_offset`` as
    month numbers (an export of 100,000 rows spent a fifth of its time in their calls);
    tests/reports/test_counts.py holds it to ``compliance_counts`` of the reports."""
    if status not in _REPORTABLE_VALUES:
        return NOTHING_DUE
    cadence = int(cadence_months or 1)
    cadence = cadence if cadence > 1 else 1
    base = start.year * 12 + start.month
    start_day = start.day
    last = (end.year * 12 + end.month - base + (end.day > start_day) - 1) // cadence
    last = last if last > 0 else 0
    past = (as_of.year * 12 + as_of.month - base + (as_of.day > start_day) - 1) // cadence
    past = past if past < last else last
    final_due = end + _FINAL_GRACE
    first, final_expected = 1, True
    if required_from is not None:
        months = (
            required_from.year * 12 + required_from.month - base + (required_from.day > start_day)
        )
        first = -(-months // cadence)
        first = first if first > 1 else 1
        final_expected = final_due >= required_from
    periods = periods or ""
    on_time = late = missing = 0
    if last >= first:
        on_time = periods.count(ON_TIME, first - 1, last)
        late = periods.count(FILED_LATE, first - 1, last)
    if past >= first:
        part = periods[first - 1 : past]
        missing = past - first + 1 - len(part) + part.count(MISSING)
    if final_expected:
        if final is not None:
            on_time += final <= final_due
            late += final > final_due
        elif as_of > final_due:
            missing += 1
    return _counts(on_time, late, missing)


def _summary_first_missing(
    tally: _Tally, periods: str, final: date | None, as_of: date
) -> date | None:
    """``_first_missing`` from a posting's summary instead of its reports."""
    from exchange.reports import filing

    period = filing.first_missing(periods, tally.first, tally.past)
    if period is not None:
        return add_months(tally.start, period * tally.cadence, anchor_day=tally.day)
    if tally.final_expected and final is None and as_of > tally.final_due:
        return tally.final_due
    return None


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


def standing_of_spans(
    spans: Sequence[Span], as_of: date
) -> dict[int, tuple[ComplianceCounts, date | None]]:
    """Each posting's ``compliance_counts`` and ``first_missing_due`` on ``as_of``, from
    their summaries (``filing``) and one tally each (the home pages rank a region by both)."""
    tallies = {
        span.posting_id: _Tally(span, as_of) for span in spans if span.status in REPORTABLE_STATUSES
    }
    found = _summaries(list(tallies))
    standing: dict[int, tuple[ComplianceCounts, date | None]] = {}
    for span in spans:
        tally = tallies.get(span.posting_id)
        if tally is None:
            standing[span.posting_id] = (NOTHING_DUE, None)
            continue
        periods, final = found.get(span.posting_id, ("", None))
        standing[span.posting_id] = (
            _summary_counts(tally, periods, final, as_of),
            _summary_first_missing(tally, periods, final, as_of),
        )
    return standing
