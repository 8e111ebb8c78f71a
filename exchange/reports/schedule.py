"""The reporting schedule of a posting: what is due when, and what was filed on time.

Everything is derived from the posting's dates and the programme's cadence, so an
extension (a later planned end) or an early end (an actual end) moves the schedule
without anything being stored. The arithmetic is in pure functions; ``compliance_for``
and ``overdue_items`` load what they need for many postings at once.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import clock, policy
from exchange.dates import add_months
from exchange.extensions import db
from exchange.postings.models import REPORTABLE_STATUSES, SERVED_STATUSES, Posting, PostingStatus
from exchange.reports.models import ReflectionLog, ReportKind, ReportStatus

FINAL_GRACE_DAYS = 15  # the final summary is due within 15 days after the end
OVERDUE_LOOKBACK_DAYS = 60  # finished postings stay on overdue lists this long after their end

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
UPCOMING = "upcoming"


@dataclass(frozen=True)
class Period:
    kind: str  # ReportKind.MONTHLY or ReportKind.FINAL
    start_date: date
    end_date: date
    due_date: date


def due_periods(start_date: date, end_date: date, cadence_months: int = 1) -> list[Period]:
    """The reporting periods of a term from ``start_date`` to ``end_date`` (inclusive).

    A periodic report is due every ``cadence_months`` after the start, on the start's day
    of month (clamped to month ends), for every due date before the end; the final summary
    covers the whole term and is due ``FINAL_GRACE_DAYS`` after the end.
    """
    cadence = max(int(cadence_months or 1), 1)
    periods = []
    period_start = start_date
    step = 1
    while True:
        due = add_months(start_date, step * cadence, anchor_day=start_date.day)
        if due >= end_date:
            break
        periods.append(Period(ReportKind.MONTHLY, period_start, due, due))
        period_start = due + timedelta(days=1)
        step += 1
    periods.append(
        Period(ReportKind.FINAL, start_date, end_date, end_date + timedelta(days=FINAL_GRACE_DAYS))
    )
    return periods


@dataclass(frozen=True)
class Filed:
    """What the schedule needs to know about one submitted report."""

    id: int
    kind: str
    report_date: date
    period_end_date: date | None
    submitted_date: date

    @property
    def speaks_for(self) -> date:
        return self.period_end_date or self.report_date


@dataclass(frozen=True)
class DueItem:
    kind: str
    period_start_date: date
    period_end_date: date
    due_date: date
    state: str  # ON_TIME, LATE, MISSING or UPCOMING
    report_id: int | None = None
    submitted_date: date | None = None

    @property
    def days_late(self) -> int:
        if self.submitted_date is None:
            return 0
        return max((self.submitted_date - self.due_date).days, 0)

    @property
    def is_overdue(self) -> bool:
        return self.state == MISSING


@dataclass(frozen=True)
class Compliance:
    posting_id: int
    items: tuple[DueItem, ...] = field(default_factory=tuple)

    def _count(self, state: str) -> int:
        return sum(1 for item in self.items if item.state == state)

    @property
    def on_time(self) -> int:
        return self._count(ON_TIME)

    @property
    def late(self) -> int:
        return self._count(LATE)

    @property
    def missing(self) -> int:
        return self._count(MISSING)

    @property
    def upcoming(self) -> int:
        return self._count(UPCOMING)

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

    @property
    def overdue(self) -> list[DueItem]:
        return [item for item in self.items if item.state == MISSING]

    @property
    def next_due(self) -> DueItem | None:
        return next((item for item in self.items if item.state == UPCOMING), None)


def _state(period: Period, filed: Filed | None, as_of: date) -> str:
    if filed is not None:
        return ON_TIME if filed.submitted_date <= period.due_date else LATE
    return MISSING if as_of > period.due_date else UPCOMING


def build_schedule(
    posting_id: int,
    start_date: date,
    end_date: date,
    cadence_months: int,
    filed: Iterable[Filed],
    as_of: date,
    required_from: date | None = None,
    submitted_by: date | None = None,
) -> Compliance:
    """Match submitted reports to the periods of a term and grade each as of ``as_of``.

    Only reports due on or after ``required_from`` (the programme's "reports required
    from") are expected at all; with ``submitted_by`` (the roster of a past day), only
    what had been submitted by that day counts.

    A periodic report counts for the period its ``period_end_date`` (or else its
    ``report_date``) falls in; the final summary is any submitted final report. The
    earliest submission counts, so later versions and addenda do not change the grade.
    """
    by_kind = defaultdict(list)
    for report in sorted(filed, key=lambda r: (r.submitted_date, r.id)):
        if submitted_by is None or report.submitted_date <= submitted_by:
            by_kind[report.kind].append(report)
    items = []
    for period in due_periods(start_date, end_date, cadence_months):
        if required_from is not None and period.due_date < required_from:
            continue
        if period.kind == ReportKind.FINAL:
            match = next(iter(by_kind[ReportKind.FINAL]), None)
        else:
            match = next(
                (
                    r
                    for r in by_kind[ReportKind.MONTHLY]
                    if period.start_date <= r.speaks_for <= period.end_date
                ),
                None,
            )
        items.append(
            DueItem(
                kind=period.kind,
                period_start_date=period.start_date,
                period_end_date=period.end_date,
                due_date=period.due_date,
                state=_state(period, match, as_of),
                report_id=match.id if match else None,
                submitted_date=match.submitted_date if match else None,
            )
        )
    return Compliance(posting_id, tuple(items))


def _cadence(posting: Posting) -> int:
    programme = posting.programme
    return (programme.report_cadence_months if programme is not None else None) or 1


def _required_from(posting: Posting) -> date | None:
    programme = posting.programme
    return programme.reports_required_from if programme is not None else None


def _local_date(moment) -> date:
    if moment.tzinfo is None:  # SQLite may hand back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(clock.TZ).date()


def schedule_of(posting: Posting, filed: Iterable[Filed], as_of: date | None = None) -> Compliance:
    """The schedule of one posting; postings that never started have none."""
    if posting.status not in REPORTABLE_STATUSES:
        return Compliance(posting.id)
    return build_schedule(
        posting.id,
        posting.start_date,
        posting.end_date,
        _cadence(posting),
        filed,
        as_of or clock.today(),
        _required_from(posting),
    )


@dataclass(frozen=True)
class Span:
    """What a schedule needs of a posting, for callers that read plain rows."""

    posting_id: int
    status: str
    start_date: date
    end_date: date
    cadence_months: int = 1
    required_from: date | None = None  # the programme's "reports required from"


def compliance_for(postings: Iterable[Posting], as_of: date | None = None) -> dict[int, Compliance]:
    """Schedules of many postings, keyed by posting id, with their reports in ONE query.

    Load the postings with their programme (``selectinload(Posting.programme)``) to
    avoid one lookup per programme.
    """
    spans = [
        Span(p.id, p.status, p.start_date, p.end_date, _cadence(p), _required_from(p))
        for p in postings
    ]
    return compliance_for_spans(spans, as_of)


def compliance_for_spans(
    spans: Iterable[Span], as_of: date | None = None, *, submitted_by: date | None = None
) -> dict[int, Compliance]:
    """``compliance_for`` on plain spans (roster rows and exports carry no ORM objects)."""
    spans = list(spans)
    as_of = as_of or clock.today()
    filed = defaultdict(list)
    ids = [s.posting_id for s in spans if s.status in REPORTABLE_STATUSES]
    if ids:
        rows = db.session.execute(
            sa.select(
                ReflectionLog.id,
                ReflectionLog.posting_id,
                ReflectionLog.kind,
                ReflectionLog.report_date,
                ReflectionLog.period_end_date,
                ReflectionLog.submitted_at,
            ).where(
                ReflectionLog.posting_id.in_(ids),
                ReflectionLog.status == ReportStatus.SUBMITTED,
                ReflectionLog.kind.in_((ReportKind.MONTHLY, ReportKind.FINAL)),
            )
        )
        for row in rows:
            filed[row.posting_id].append(
                Filed(
                    row.id,
                    row.kind,
                    row.report_date,
                    row.period_end_date,
                    _local_date(row.submitted_at),
                )
            )
    result = {}
    for span in spans:
        if span.status not in REPORTABLE_STATUSES:
            result[span.posting_id] = Compliance(span.posting_id)
        else:
            result[span.posting_id] = build_schedule(
                span.posting_id,
                span.start_date,
                span.end_date,
                span.cadence_months or 1,
                filed[span.posting_id],
                as_of,
                span.required_from,
                submitted_by,
            )
    return result


def in_post_or_ended_since(day: date):
    """Postings in post now, or finished on or after ``day``: the ones reminders are about."""
    # The end is the actual end or else the planned one: ``end >= day`` implies that one
    # of them is, a test on two plain columns whose statistics PostgreSQL has (it guesses
    # a third of the rows for an expression) and which indexes can serve.
    ends_since = sa.and_(
        sa.or_(Posting.planned_end_date >= day, Posting.actual_end_date >= day),
        Posting.end_date >= day,
    )
    return sa.and_(
        Posting.status.in_(SERVED_STATUSES),
        sa.or_(Posting.status == PostingStatus.ACTIVE, ends_since),
    )


def overdue_items(user, as_of: date | None = None) -> list[tuple[Posting, DueItem]]:
    """Missing reports on the postings ``user`` may see, oldest due date first.

    Covers active postings and those finished within the last ``OVERDUE_LOOKBACK_DAYS``
    (old terms' gaps are history, not reminders). Two queries in all.
    """
    as_of = as_of or clock.today()
    recent = as_of - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    postings = (
        db.session.scalars(
            sa.select(Posting)
            .where(
                policy.posting_scope(user),
                in_post_or_ended_since(recent),
            )
            .options(
                joinedload(Posting.cadre),
                joinedload(Posting.programme),
                joinedload(Posting.home_district),
                joinedload(Posting.host_district),
                joinedload(Posting.host_department),
            )
        )
        .unique()
        .all()
    )
    schedules = compliance_for(postings, as_of)
    found = [(p, item) for p in postings for item in schedules[p.id].overdue]
    return sorted(found, key=lambda pair: (pair[1].due_date, pair[0].id))
