"""What happens during the postings: reports and comments, leave, attendance sheets.

Reports follow the posting's schedule (``exchange.reports.schedule.due_periods``): each
period's report is on time, late or missing, and the periods still running may have a
draft; reflections and a few revised versions come on top. Leave goes through the
programme's approval chain (the demo's tiers) and its status follows its dates;
attendance sheets cover the months in post of the last twelve, submitted by the host's
HR, on time or late, with the granted leave of the month filled in.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from exchange.attendance.schedule import Rule as AttendanceRule
from exchange.attendance.schedule import due_date_of, month_end, month_start
from exchange.dates import add_months
from exchange.leave.demo import TIER_SOURCE, TIERS
from exchange.leave.models import GRANTED_LEAVE, Decision, LeaveKind, LeaveStatus
from exchange.ops.benchdata import vocabulary as words
from exchange.ops.benchdata.postings import PostingPlan
from exchange.ops.benchdata.region import FIRST_START, TALK_RULES, Region
from exchange.ops.benchdata.writer import Stamps
from exchange.postings.models import SERVED_STATUSES
from exchange.reports.models import CommentKind, ReportKind, ReportStatus
from exchange.reports.schedule import FINAL_GRACE_DAYS, Period, due_periods
from exchange.talks.cadence import period_start as talk_period_start
from exchange.talks.models import TalkMode
from exchange.workdays.days import WorkCalendar, leave_days

# Each period's report: on time, late, or missing (a draft at most).
ON_TIME, LATE = 0.80, 0.12
DRAFT_OF_MISSING = 0.25
DRAFT_OF_RUNNING = 0.4
REVISED = 0.015
REFLECTIONS_PER_YEAR = 1.0
COMMENTED, REMARKED = 0.08, 0.02
WITH_LEAVE = 0.2
LEAVE_LENGTHS = (1, 2, 3, 5, 10)  # working days
LEAVE_WEIGHTS = (30, 25, 20, 15, 10)
SHEET_MONTHS = 12
TALK_MONTHS = 12  # talks are written for this many months back
TALKED, TALKED_SO_FAR = 0.85, 0.4  # a past period had its talk; a current one has so far
TALK_MODES = tuple(mode.value for mode in TalkMode)

REPORT_COLUMNS = (
    "id",
    "posting_id",
    "author_id",
    "parent_id",
    "kind",
    "title",
    "report_date",
    "period_start_date",
    "period_end_date",
    "body",
    "tags",
    "status",
    "submitted_at",
    "version",
    "created_at",
    "updated_at",
)
COMMENT_COLUMNS = ("id", "report_id", "author_id", "kind", "body", "created_at")
LEAVE_COLUMNS = (
    "id",
    "posting_id",
    "kind",
    "start_date",
    "start_half",
    "end_date",
    "end_half",
    "reason",
    "status",
    "rule_source",
    "returned_date",
    "reported_back_at",
    "requested_by_id",
    "version",
    "created_at",
    "updated_at",
)
APPROVAL_COLUMNS = (
    "id",
    "leave_id",
    "step",
    "side",
    "decision",
    "reason",
    "decided_by_id",
    "decided_at",
)
TALK_COLUMNS = (
    "id",
    "posting_id",
    "side",
    "talk_date",
    "mode",
    "participants",
    "topics",
    "issues",
    "follow_up",
    "shared",
    "recorded_by_id",
    "version",
    "created_at",
)
SHEET_COLUMNS = (
    "id",
    "posting_id",
    "month",
    "days_on_site",
    "days_on_leave",
    "days_travel",
    "days_absent",
    "note",
    "status",
    "submitted_at",
    "submitted_by_id",
    "version",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class CountedCalendar(WorkCalendar):
    """The holiday table's calendar with its working days counted once: the count of any
    span inside it is a subtraction (the sheets and leave ask it a few hundred thousand
    times), the same count ``WorkCalendar`` makes day by day."""

    counts: tuple[int, ...] = ()

    @classmethod
    def covering(cls, first: date, last: date) -> "CountedCalendar":
        calendar = WorkCalendar.load(first, last)
        counts, total = [0], 0
        for offset in range((last - first).days + 1):
            total += calendar.is_working(first + timedelta(days=offset))
            counts.append(total)
        return cls(first, last, calendar.exceptions, tuple(counts))

    def working_days(self, start: date, end: date) -> int:
        if end < start:
            return 0
        if start < self.first or end > self.last:
            return super().working_days(start, end)
        return self.counts[(end - self.first).days + 1] - self.counts[(start - self.first).days]


def _texts(rng: random.Random, lines: list[str], count: int) -> list[str]:
    """``count`` bodies of two to four of ``lines``, the numbers in them filled in."""
    return [
        "\n\n".join(
            line.format(n=rng.randint(2, 9), m=rng.randint(3, 30))
            for line in rng.sample(lines, rng.randint(2, min(4, len(lines))))
        )
        for _ in range(count)
    ]


TABLES = (
    "reflection_log",
    "comment",
    "leave_request",
    "leave_approval",
    "attendance_sheet",
    "talk",
)


@dataclass
class Batch:
    """The rows of a run of postings, written table by table (parents first)."""

    reports: list[tuple] = field(default_factory=list)
    comments: list[tuple] = field(default_factory=list)
    leave: list[tuple] = field(default_factory=list)
    approvals: list[tuple] = field(default_factory=list)
    sheets: list[tuple] = field(default_factory=list)
    talks: list[tuple] = field(default_factory=list)

    def tables(self):
        """(table, columns, rows) in the order they can be written (``TABLES``)."""
        yield "reflection_log", REPORT_COLUMNS, self.reports
        yield "comment", COMMENT_COLUMNS, self.comments
        yield "leave_request", LEAVE_COLUMNS, self.leave
        yield "leave_approval", APPROVAL_COLUMNS, self.approvals
        yield "attendance_sheet", SHEET_COLUMNS, self.sheets
        yield "talk", TALK_COLUMNS, self.talks


@dataclass(slots=True)
class Leave:
    start: date
    end: date
    start_half: bool
    end_half: bool
    status: str
    returned: date | None
    asked: date


class Activity:
    """Builds the activity rows of postings, numbering each table's rows itself.

    The rows are ``prepared`` (``stamps`` makes their dates, moments and numbers).
    """

    def __init__(
        self, rng: random.Random, region: Region, accounts: dict[int, int], stamps: Stamps
    ):
        self.rng = rng
        self.region = region
        self.today = region.today
        self.accounts = accounts
        self.day = stamps.day
        self.at = stamps.at
        self.number = stamps.number
        self.ids = dict.fromkeys(("report", "comment", "leave", "approval", "sheet", "talk"), 0)
        self.bodies: dict[str, list[str]] = {
            ReportKind.MONTHLY.value: _texts(rng, words.MONTHLY_LINES, 64),
            ReportKind.REFLECTION.value: _texts(rng, words.REFLECTION_LINES, 16),
            ReportKind.FINAL.value: _texts(rng, words.FINAL_LINES, 16),
        }
        self.batch = Batch()
        self.calendar = CountedCalendar.covering(
            date(FIRST_START.year - 1, 1, 1), date(self.today.year + 5, 12, 31)
        )

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _upto(self, n: int) -> int:
        """A whole number from 0 to ``n`` (``randint`` is several times slower)."""
        return int(self.rng.random() * (n + 1))

    def _after(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=low + self._upto(high - low))

    def _moment(self, day: date):
        """A time of ``day`` in office hours (today's: early, before anyone could look)."""
        minutes = self._upto(14 * 60 - 1)
        if day >= self.today:
            return self.at(day, 0, minutes % 60)
        return self.at(day, 8 + minutes // 60, minutes % 60)

    def add(self, plan: PostingPlan) -> None:
        if plan.status not in SERVED_STATUSES:
            return
        self._reports(plan)
        granted = self._leave(plan) if self.rng.random() < WITH_LEAVE else []
        self._sheets(plan, granted)
        self._talks(plan)

    def take(self) -> Batch:
        batch, self.batch = self.batch, Batch()
        return batch

    # Reports --------------------------------------------------------------------------

    def _title(self, plan: PostingPlan, period: Period) -> str:
        if period.kind == ReportKind.FINAL:
            return "挂职工作总结"
        end = period.end_date
        if plan.programme.cadence == 1:
            return f"{end.year}年{end.month}月工作报告"
        start = period.start_date
        return f"{start.year}年{start.month}月至{end.month}月工作报告"

    def _report(self, plan: PostingPlan, kind: str, title: str, day: date, period, submitted):
        """One report row; ``submitted`` is the day it was submitted (None: a draft)."""
        report_id = self._next("report")
        written = min(day, submitted or day)
        started = max(self._after(written, -3, 0), plan.start)
        moment = self._moment(submitted) if submitted else None
        bodies = self.bodies[kind]
        self.batch.reports.append(
            (
                report_id,
                plan.id,
                self.accounts[plan.cadre.id],
                None,
                kind,
                title,
                self.day(written),
                self.day(period.start_date) if period else None,
                self.day(period.end_date) if period else None,
                bodies[self._upto(len(bodies) - 1)],
                words.TAGS[self._upto(len(words.TAGS) - 1)],
                ReportStatus.SUBMITTED.value if submitted else ReportStatus.DRAFT.value,
                moment,
                2 if submitted else 1,
                self.at(started, 9),
                moment or self._moment(written),
            )
        )
        if submitted is not None:
            self._comments(plan, report_id, submitted)
        return report_id

    def _submitted_on(self, period: Period) -> date | None:
        """The day the period's report was submitted (None: not, or not yet)."""
        draw = self.rng.random()
        if draw < ON_TIME:
            if period.kind == ReportKind.FINAL:
                return self._after(period.end_date, 0, FINAL_GRACE_DAYS)
            return max(self._after(period.due_date, -2, 0), period.start_date)
        if draw < ON_TIME + LATE:
            late = self._after(period.due_date, 1, 30)
            return late if late < self.today else None
        return None

    def _period_report(self, plan: PostingPlan, period: Period) -> None:
        title = self._title(plan, period)
        kind = str(period.kind)
        if period.due_date >= self.today:  # still running, or due today
            soon = period.end_date <= self.today + timedelta(days=31)
            if soon and self.rng.random() < DRAFT_OF_RUNNING:
                self._report(plan, kind, title, min(period.end_date, self.today), period, None)
            return
        submitted = self._submitted_on(period)
        if submitted is None:
            if self.rng.random() < DRAFT_OF_MISSING:
                self._report(plan, kind, title, min(period.end_date, self.today), period, None)
            return
        first = self._report(plan, kind, title, period.end_date, period, submitted)
        revised = self._after(submitted, 1, 15)
        if self.rng.random() < REVISED and revised < self.today:
            self._revision(first, revised)

    def _revision(self, parent_id: int, day: date) -> None:
        """A new version of the report just added (its parent), submitted ``day``."""
        original = self.batch.reports[-1]
        moment = self._moment(day)
        row = list(original)
        row[0], row[3], row[5] = self._next("report"), parent_id, original[5] + "（修订）"
        row[12], row[13], row[14], row[15] = moment, 2, self.at(day, 8), moment
        self.batch.reports.append(tuple(row))

    def _reflections(self, plan: PostingPlan) -> None:
        last = min(plan.end, self.today - timedelta(days=1))
        served = (last - plan.start).days
        count = int(served / 365 * REFLECTIONS_PER_YEAR + self.rng.random())
        for _ in range(count if served > 0 else 0):
            day = self._after(plan.start, 1, served)
            title = self.rng.choice(words.REFLECTION_TITLES)
            self._report(plan, ReportKind.REFLECTION.value, title, day, None, day)

    def _reports(self, plan: PostingPlan) -> None:
        for period in due_periods(plan.start, plan.end, plan.programme.cadence):
            if period.start_date > self.today:
                break
            self._period_report(plan, period)
        self._reflections(plan)

    def _comments(self, plan: PostingPlan, report_id: int, submitted: date) -> None:
        draw = self.rng.random()
        if draw >= COMMENTED + REMARKED:
            return
        day = self._after(submitted, 1, 10)
        if day >= self.today:
            return
        if draw < COMMENTED:
            district = plan.host_district if self.rng.random() < 0.6 else plan.cadre.district_id
            author, kind, body = self.region.hr[district], CommentKind.COMMENT, words.COMMENTS
        else:
            leaders = self.region.leader_ids
            author, kind, body = self.rng.choice(leaders), CommentKind.REMARK, words.REMARKS
        self.batch.comments.append(
            (
                self._next("comment"),
                report_id,
                author,
                kind.value,
                self.rng.choice(body),
                self._moment(day),
            )
        )

    # Leave ----------------------------------------------------------------------------

    def _approvers(self, plan: PostingPlan, days: Decimal) -> list[tuple[str, int]]:
        sides = next(sides for limit, sides in TIERS if limit is None or days <= limit)
        ids = {
            "host": self.region.hr[plan.host_district],
            "home": self.region.hr[plan.cadre.district_id],
            "coordinator": self.region.admin_id,
        }
        return [(side, ids[side]) for side in sides if side]

    def _leave_status(self, start: date, end: date) -> str:
        draw = self.rng.random()
        if start > self.today:
            return (LeaveStatus.PENDING if draw < 0.6 else LeaveStatus.APPROVED).value
        if end >= self.today:
            return LeaveStatus.APPROVED.value
        for status, share in (("returned", 0.80), ("declined", 0.88), ("withdrawn", 0.95)):
            if draw < share:
                return status
        return LeaveStatus.APPROVED.value

    def _decisions(self, status: str, steps: int) -> list[str]:
        """Each step's decision, in a chain of ``steps`` for a leave in ``status``."""
        if status in (LeaveStatus.APPROVED, LeaveStatus.RETURNED):
            return [Decision.APPROVED.value] * steps
        reached = self.rng.randrange(steps)
        before = [Decision.APPROVED.value] * reached
        if status == LeaveStatus.DECLINED:
            after = [Decision.SKIPPED.value] * (steps - reached - 1)
            return [*before, Decision.DECLINED.value, *after]
        rest = Decision.PENDING if status == LeaveStatus.PENDING else Decision.SKIPPED
        return before + [rest.value] * (steps - reached)

    def _one_leave(self, plan: PostingPlan, start: date, length: int) -> Leave | None:
        end = start
        for _ in range(length - 1):
            end = self.calendar.next_working_day(end)
        if end > plan.end:
            return None
        start_half = self.rng.random() < 0.08
        end_half = not start_half and length > 1 and self.rng.random() < 0.08
        status = self._leave_status(start, end)
        returned = self.calendar.next_working_day(end) if status == LeaveStatus.RETURNED else None
        if returned is not None and returned > self.today:
            status, returned = LeaveStatus.APPROVED.value, None
        asked = max(min(self._after(start, -15, -3), self.today), plan.start)
        return Leave(start, end, start_half, end_half, status, returned, asked)

    def _approvals(self, plan: PostingPlan, leave: Leave, leave_id: int) -> tuple[date, int]:
        """The leave's approval steps; returns the day of the last decision (or of the
        request) and how many steps were decided."""
        days = leave_days(self.calendar, leave.start, leave.end, leave.start_half, leave.end_half)
        approvers = self._approvers(plan, days)
        decisions = self._decisions(leave.status, len(approvers))
        last, count = leave.asked, 0
        for step, ((side, user_id), decision) in enumerate(
            zip(approvers, decisions, strict=True), 1
        ):
            decided = decision in (Decision.APPROVED, Decision.DECLINED)
            day = min(leave.asked + timedelta(days=step), self.today)
            if decision == Decision.DECLINED:
                reason = self.rng.choice(words.LEAVE_DECLINES)
            else:
                reason = "同意。" if decided else ""
            self.batch.approvals.append(
                (
                    self._next("approval"),
                    leave_id,
                    step,
                    side,
                    decision,
                    reason,
                    user_id if decided else None,
                    self.at(day, 15) if decided else None,
                )
            )
            if decided:
                last, count = day, count + 1
        return last, count

    def _write_leave(self, plan: PostingPlan, leave: Leave) -> None:
        leave_id = self._next("leave")
        last, decided = self._approvals(plan, leave, leave_id)
        back = self.at(leave.returned, 9) if leave.returned else None
        kind = self.rng.choice(list(LeaveKind)).value
        self.batch.leave.append(
            (
                leave_id,
                plan.id,
                kind,
                self.day(leave.start),
                leave.start_half,
                self.day(leave.end),
                leave.end_half,
                words.LEAVE_REASONS[kind],
                leave.status,
                TIER_SOURCE,
                self.day(leave.returned),
                back,
                self.accounts[plan.cadre.id],
                1 + decided + (back is not None),
                self.at(leave.asked, 9),
                back or self.at(last, 15),
            )
        )

    def _leave(self, plan: PostingPlan) -> list[Leave]:
        """One to three leaves that never overlap, within the posting; returns those granted."""
        window = (min(plan.end, self.today + timedelta(days=30)) - plan.start).days - 7
        if window <= 0:
            return []
        starts = sorted(self._after(plan.start, 7, 7 + window) for _ in range(1 + self._upto(2)))
        granted: list[Leave] = []
        free_from = plan.start
        for day in starts:
            start = day if self.calendar.is_working(day) else self.calendar.next_working_day(day)
            length = self.rng.choices(LEAVE_LENGTHS, LEAVE_WEIGHTS)[0]
            leave = self._one_leave(plan, start, length) if start > free_from else None
            if leave is None:
                continue
            free_from = leave.end + timedelta(days=2)
            self._write_leave(plan, leave)
            if leave.status in GRANTED_LEAVE:
                granted.append(leave)
        return granted

    # Attendance -----------------------------------------------------------------------

    def _sheet_submitted(self, closed: date, due: date) -> date | None:
        """The day the month's sheet was submitted (None: not yet, or never)."""
        draw = self.rng.random()
        if due >= self.today:  # the month is over, the sheet not yet due
            waited = (self.today - closed).days
            return self._after(closed, 1, max(1, waited)) if draw < 0.5 else None
        if draw < 0.82:
            return max(self._after(due, -4, 0), closed + timedelta(days=1))
        late = self._after(due, 1, 20)
        return late if draw < 0.91 and late <= self.today else None

    def _days(self, first: date, last: date, granted: list[Leave]) -> tuple:
        """Days on site, on leave, travelling and absent in ``first``..``last``."""
        working = self.calendar.working_days(first, last)
        on_leave = Decimal(0)
        for leave in granted:
            start, end = max(leave.start, first), min(leave.end, last)
            if start <= end:
                on_leave += leave_days(
                    self.calendar,
                    start,
                    end,
                    leave.start_half and start == leave.start,
                    leave.end_half and end == leave.end,
                )
        room = Decimal(working) - on_leave
        travel = Decimal(min((0, 0, 0, 1, 2)[self._upto(4)], max(int(room), 0)))
        absent = Decimal(1 if self.rng.random() < 0.02 and room - travel >= 1 else 0)
        return tuple(map(self.number, (room - travel - absent, on_leave, travel, absent)))

    def _sheet(self, plan: PostingPlan, month: date, rule: AttendanceRule, granted) -> None:
        first, last = max(month, plan.start), min(month_end(month), plan.end)
        closed = month_end(month)
        if closed >= self.today:  # the month is still running: a draft at most
            submitted = None
            if self.rng.random() >= 0.25:
                return
        else:
            submitted = self._sheet_submitted(closed, due_date_of(month, rule))
            if submitted is None and self.rng.random() >= 0.3:
                return
        moment = self.at(submitted, 16) if submitted else None
        created = self.at(min(last, self.today), 9)
        self.batch.sheets.append(
            (
                self._next("sheet"),
                plan.id,
                self.day(month),
                *self._days(first, last, granted),
                "",
                "submitted" if submitted else "draft",
                moment,
                self.region.hr[plan.host_district] if submitted else None,
                2 if submitted else 1,
                created,
                moment or created,
            )
        )

    def _sheets(self, plan: PostingPlan, granted: list[Leave]) -> None:
        rule = AttendanceRule(plan.programme.due_day, "", 90, "")
        month = max(month_start(plan.start), add_months(month_start(self.today), -SHEET_MONTHS))
        last = month_start(min(plan.end, self.today))
        while month <= last:
            self._sheet(plan, month, rule, granted)
            month = add_months(month, 1)

    # Talks ----------------------------------------------------------------------------

    def _talks(self, plan: PostingPlan) -> None:
        """Each side's talks in the calendar periods of the last ``TALK_MONTHS`` in post
        (``exchange.talks.cadence``'s periods): most past periods had one, some current ones
        have had one so far."""
        first_day = max(plan.start, add_months(self.today, -TALK_MONTHS))
        last_day = min(plan.end, self.today - timedelta(days=1))
        sides = {"host": plan.host_district, "home": plan.cadre.district_id}
        for side, every in TALK_RULES:
            start = talk_period_start(first_day, every)
            while start <= last_day:
                end = add_months(start, every) - timedelta(days=1)
                first, last = max(start, plan.start), min(end, last_day)
                share = TALKED if end < self.today else TALKED_SO_FAR
                if first <= last and self.rng.random() < share:
                    day = self._after(first, 0, (last - first).days)
                    self.batch.talks.append(
                        (
                            self._next("talk"),
                            plan.id,
                            side,
                            self.day(day),
                            self.rng.choice(TALK_MODES),
                            words.TALK_PARTICIPANTS,
                            words.TALK_TOPICS,
                            "",
                            "",
                            False,
                            self.region.hr[sides[side]],
                            1,
                            self._moment(day),
                        )
                    )
                start = add_months(start, every)
