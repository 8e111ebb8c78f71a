"""Ten years of postings: each cadre's terms one after another, statuses as of today.

A cadre's postings never overlap and keep a year between them (the strictest
``min_gap_days`` of any programme), and their months stay under the career limit. The
status follows from the dates exactly as the daily job (``flask postings advance``)
leaves it: a posting whose start has come is in post, finished, or was declined or
cancelled before it; a completed one ended on its planned end; an early end agreed for
a day still ahead is an agreed term change not yet applied.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from exchange.dates import DAYS_PER_MONTH, add_months
from exchange.ops.benchdata import vocabulary as words
from exchange.ops.benchdata.region import (
    CAREER_MONTHS,
    FIRST_START,
    MIN_GAP_DAYS,
    CadrePlan,
    ProgrammePlan,
    Region,
    at,
)
from exchange.postings.models import (
    AGREED_STATUSES,
    QUOTA_STATUSES,
    EndCategory,
    PostingStatus,
    TermChangeKind,
    TermChangeSide,
    TermChangeStatus,
)

# Term lengths in months, mostly one or two years.
TERMS = (12, 24, 18, 15, 21)
TERM_WEIGHTS = (50, 30, 12, 4, 4)
# Postings per cadre: most cadres serve twice over ten years.
POSTINGS_PER_CADRE = (0, 1, 2, 3)
POSTINGS_WEIGHTS = (6, 22, 38, 34)
EXTENDED = 0.06  # share of postings planned with an extension (a few reach it)
ENDED_EARLY = 0.04
DECLINED = 0.03
CANCELLED = 0.03
PENDING_CHANGE = 0.02  # of the postings in post: a term change waiting for consent
REFUSED_CHANGE = 0.015  # of the served postings: an extension asked for and not agreed
FUTURE_STATUSES = ("proposed", "accepted", "cancelled", "declined")
FUTURE_WEIGHTS = (45, 45, 5, 5)
SNAP_DAYS = 31  # a start moved to the first of the next month moves this much at most
# A few days more than the gap: an extension counted from a month's end may end a day or
# two after the same months counted from the start.
GAP_DAYS = MIN_GAP_DAYS + 3
HORIZON_DAYS = 270  # proposals reach this far ahead of today


@dataclass(slots=True)
class Change:
    """A term change request (and, once agreed, what it did to the posting)."""

    kind: str
    side: str
    status: str
    previous_end: date
    new_end: date
    category: str | None
    reason: str
    requested_at: datetime
    decided_at: datetime | None = None
    applied_at: datetime | None = None
    decision_reason: str = ""


@dataclass(slots=True)
class PostingPlan:
    cadre: CadrePlan
    start: date
    original_end: date
    extension_months: int
    programme: ProgrammePlan
    host_district: int
    host_department: int
    planned_end: date = date.min
    status: str = ""
    proposed_on: date = date.min
    decided_on: date | None = None
    closed_on: date | None = None  # cancelled that day
    actual_end: date | None = None
    changes: list[Change] = field(default_factory=list)
    id: int = 0

    @property
    def end(self) -> date:
        return self.actual_end or self.planned_end

    @property
    def open_change(self) -> bool:
        return any(
            c.status == TermChangeStatus.PENDING
            or (c.status == TermChangeStatus.AGREED and c.applied_at is None)
            for c in self.changes
        )


def _days(day: date, n: int) -> date:
    return day + timedelta(days=n)


# How many postings each cadre gets ------------------------------------------------------


def postings_per_cadre(rng: random.Random, cadres: int, target: int) -> list[int]:
    """A number of postings per cadre (0–3) adding up to ``target`` when they can."""
    counts = rng.choices(POSTINGS_PER_CADRE, POSTINGS_WEIGHTS, k=cadres)
    total = sum(counts)
    top = POSTINGS_PER_CADRE[-1]
    while total != target and 0 < total < cadres * top:
        i = rng.randrange(cadres)
        step = 1 if total < target else -1
        if 0 <= counts[i] + step <= top:
            counts[i] += step
            total += step
    return counts


def _terms(rng: random.Random, count: int) -> list[tuple[int, int]]:
    """(term months, extension months kept free after it) per posting, within a career."""
    terms = []
    for _ in range(count):
        months = rng.choices(TERMS, TERM_WEIGHTS)[0]
        terms.append((months, rng.choice((3, 6)) if rng.random() < EXTENDED else 0))
    while sum(t + e for t, e in terms) > CAREER_MONTHS:
        longest = max(range(len(terms)), key=lambda i: terms[i][0])
        if terms[longest][0] > 12:
            terms[longest] = (12, terms[longest][1])
        else:
            terms.pop()
    return terms


def _slack(terms: list[tuple[int, int]], days: int) -> int:
    need = sum(round((t + e) * DAYS_PER_MONTH) + GAP_DAYS + SNAP_DAYS for t, e in terms[:-1])
    return days - need - SNAP_DAYS


def timeline(rng: random.Random, count: int, horizon: date) -> list[tuple[date, int, int]]:
    """(start, term months, extension months) of one cadre's postings, a year apart at least."""
    terms = _terms(rng, count)
    while terms and _slack(terms, (horizon - FIRST_START).days) < 0:
        terms.pop()
    if not terms:
        return []
    slack = _slack(terms, (horizon - FIRST_START).days)
    cuts = sorted(rng.randint(0, slack) for _ in terms)
    found, earliest, previous = [], FIRST_START, 0
    for (months, extension), cut in zip(terms, cuts, strict=True):
        start = _days(earliest, cut - previous)
        if start.day != 1 and rng.random() < 0.5:
            start = add_months(start.replace(day=1), 1)
        if start > horizon:
            break
        found.append((start, months, extension))
        earliest = _days(add_months(start, months + extension), GAP_DAYS)
        previous = cut
    return found


# Statuses as of today ------------------------------------------------------------------


def _side(rng: random.Random) -> str:
    return rng.choice((TermChangeSide.HOME.value, TermChangeSide.HOST.value))


def _extend(rng: random.Random, plan: PostingPlan, today: date) -> None:
    """延期, agreed a few weeks before the first planned end (if that day has come)."""
    agreed = _days(plan.original_end, -rng.randint(15, 60))
    new_end = add_months(plan.original_end, plan.extension_months)
    if agreed < _days(plan.start, 30) or agreed >= today or new_end > plan.programme.end:
        return
    requested = _days(agreed, -rng.randint(5, 20))
    moment = at(agreed, 15)
    plan.changes.append(
        Change(
            TermChangeKind.EXTENSION.value,
            _side(rng),
            TermChangeStatus.AGREED.value,
            plan.original_end,
            new_end,
            None,
            rng.choice(words.EXTENSION_REASONS),
            at(requested),
            decided_at=moment,
            applied_at=moment,
        )
    )
    plan.planned_end = new_end


def _ending(rng: random.Random, plan: PostingPlan, last: date, requested: date) -> Change:
    category = rng.choice(list(EndCategory))
    recall = category in (EndCategory.POOR_PERFORMANCE, EndCategory.HOME_NEED)
    kind = TermChangeKind.RECALL if recall else TermChangeKind.EARLY_END
    return Change(
        kind.value,
        _side(rng),
        TermChangeStatus.PENDING.value,
        plan.planned_end,
        last,
        category.value,
        words.END_REASONS[category.value],
        at(requested),
    )


def _end_early(rng: random.Random, plan: PostingPlan, today: date) -> None:
    """提前结束 / 召回: asked, agreed, and applied on the last day once that day has come."""
    span = (plan.planned_end - plan.start).days
    last = _days(plan.start, rng.randint(30, max(31, span - 15)))
    requested = max(_days(last, -rng.randint(10, 40)), plan.start)
    if last >= plan.planned_end or requested > today:
        return
    change = _ending(rng, plan, last, requested)
    plan.changes.append(change)
    decided = min(_days(requested, rng.randint(1, 7)), last)
    if decided >= today:
        return  # waiting for the other side's consent
    change.status = TermChangeStatus.AGREED.value
    change.decided_at = at(decided, 15)
    if last <= today:
        change.applied_at = change.decided_at if decided == last else at(last, 0, 30)
        plan.status = PostingStatus.ENDED_EARLY.value
        plan.actual_end = last


def _serve(rng: random.Random, plan: PostingPlan, today: date) -> None:
    if plan.extension_months:
        _extend(rng, plan, today)
    if not plan.changes and rng.random() < ENDED_EARLY:
        _end_early(rng, plan, today)
    if not plan.status:
        finished = plan.planned_end < today
        plan.status = (PostingStatus.COMPLETED if finished else PostingStatus.ACTIVE).value
        plan.actual_end = plan.planned_end if finished else None


def _decide(rng: random.Random, plan: PostingPlan, today: date) -> None:
    latest = _days(min(today, plan.start), -1)
    day = min(_days(plan.proposed_on, rng.randint(2, 20)), latest)
    if plan.status == PostingStatus.CANCELLED:
        plan.closed_on = day
    elif plan.status != PostingStatus.PROPOSED:
        plan.decided_on = day


def settle(rng: random.Random, plan: PostingPlan, today: date) -> None:
    """The posting's status, decisions and term changes as of ``today``."""
    plan.planned_end = plan.original_end
    plan.proposed_on = min(_days(plan.start, -rng.randint(30, 120)), today)
    if plan.start > today:
        plan.status = rng.choices(FUTURE_STATUSES, FUTURE_WEIGHTS)[0]
        plan.proposed_on = min(plan.proposed_on, _days(today, -rng.randint(1, 14)))
    else:
        draw = rng.random()
        if draw < DECLINED:
            plan.status = PostingStatus.DECLINED.value
        elif draw < DECLINED + CANCELLED:
            plan.status = PostingStatus.CANCELLED.value
        else:
            _serve(rng, plan, today)
    _decide(rng, plan, today)


def _pending_change(rng: random.Random, plan: PostingPlan, today: date) -> None:
    """A side asked for a change of a running posting in the last fortnight."""
    requested = max(_days(today, -rng.randint(1, 14)), plan.start)
    extended = any(c.kind == TermChangeKind.EXTENSION for c in plan.changes)
    if not extended and add_months(plan.planned_end, 3) <= plan.programme.end:
        plan.changes.append(
            Change(
                TermChangeKind.EXTENSION.value,
                _side(rng),
                TermChangeStatus.PENDING.value,
                plan.planned_end,
                add_months(plan.planned_end, 3),
                None,
                rng.choice(words.EXTENSION_REASONS),
                at(requested),
            )
        )
    elif _days(today, 40) < plan.planned_end:
        plan.changes.append(_ending(rng, plan, _days(today, rng.randint(10, 40)), requested))


def _refused_change(rng: random.Random, plan: PostingPlan, today: date) -> None:
    """An extension one side asked for and the other did not agree to (or it was withdrawn)."""
    requested = _days(plan.original_end, -rng.randint(30, 60))
    decided = _days(requested, rng.randint(3, 9))
    if requested < _days(plan.start, 20) or decided >= today or decided > plan.end:
        return
    declined = rng.random() < 0.7
    plan.changes.append(
        Change(
            TermChangeKind.EXTENSION.value,
            _side(rng),
            (TermChangeStatus.DECLINED if declined else TermChangeStatus.WITHDRAWN).value,
            plan.planned_end,
            add_months(plan.planned_end, 3),
            None,
            rng.choice(words.EXTENSION_REASONS),
            at(requested),
            decided_at=at(decided, 16),
            decision_reason=rng.choice(words.CHANGE_DECLINES) if declined else "",
        )
    )


def more_changes(rng: random.Random, plan: PostingPlan, today: date) -> None:
    """Term changes that changed nothing: one waiting for consent, one refused."""
    draw = rng.random()
    if plan.status == PostingStatus.ACTIVE and not plan.open_change and draw < PENDING_CHANGE:
        _pending_change(rng, plan, today)
    elif plan.status == PostingStatus.COMPLETED and not plan.changes and draw < REFUSED_CHANGE:
        _refused_change(rng, plan, today)


def plan_postings(
    rng: random.Random, region: Region, cadres: list[CadrePlan], target: int
) -> list[PostingPlan]:
    """Every posting, with ids in the order they were proposed."""
    today = region.today
    horizon = _days(today, HORIZON_DAYS)
    plans = []
    for cadre, count in zip(cadres, postings_per_cadre(rng, len(cadres), target), strict=True):
        for start, months, extension in timeline(rng, count, horizon):
            programme = region.programme_for(cadre.district_id, start)
            host = rng.choice([d for d in programme.members if d != cadre.district_id])
            plan = PostingPlan(
                cadre=cadre,
                start=start,
                original_end=_days(add_months(start, months), -1),
                extension_months=extension,
                programme=programme,
                host_district=host,
                host_department=rng.choice(region.departments[host]),
            )
            settle(rng, plan, today)
            more_changes(rng, plan, today)
            plans.append(plan)
    plans.sort(key=lambda p: (p.proposed_on, p.cadre.id))
    for posting_id, plan in enumerate(plans, 1):
        plan.id = posting_id
    return plans


# Rows ------------------------------------------------------------------------------------

POSTING_COLUMNS = (
    "id",
    "cadre_id",
    "programme_id",
    "home_district_id",
    "home_department_id",
    "home_position",
    "host_district_id",
    "host_department_id",
    "host_position",
    "portfolio",
    "start_date",
    "planned_end_date",
    "actual_end_date",
    "status",
    "decision_reason",
    "end_reason",
    "proposed_by_id",
    "decided_by_id",
    "decided_at",
    "version",
    "created_at",
    "updated_at",
)
VERSIONS = {"proposed": 1, "accepted": 2, "declined": 2, "cancelled": 2, "active": 3}


def _last_change(plan: PostingPlan, today: date) -> datetime:
    """When the posting row last changed (its ``updated_at``)."""
    moments = [at(plan.proposed_on)]
    moments += [at(d, 15) for d in (plan.decided_on, plan.closed_on) if d is not None]
    if plan.status in AGREED_STATUSES and plan.start <= today:
        moments.append(at(plan.start, 0, 30))  # started by the daily job
    if plan.status == PostingStatus.COMPLETED:
        moments.append(at(_days(plan.planned_end, 1), 0, 30))
    moments += [c.applied_at or c.requested_at for c in plan.changes]
    return max(moments)


def _reason(rng: random.Random, plan: PostingPlan) -> str:
    if plan.status == PostingStatus.DECLINED:
        return rng.choice(words.DECLINE_REASONS)
    if plan.status == PostingStatus.CANCELLED:
        return rng.choice(words.CANCEL_REASONS)
    return ""


def _end_reason(plan: PostingPlan) -> str:
    if plan.status != PostingStatus.ENDED_EARLY:
        return ""
    return next(c.reason for c in plan.changes if c.applied_at and c.new_end == plan.actual_end)


def posting_rows(rng: random.Random, region: Region, plans: list[PostingPlan]):
    today = region.today
    for plan in plans:
        home, host = plan.cadre.district_id, plan.host_district
        decided = plan.decided_on is not None
        yield (
            plan.id,
            plan.cadre.id,
            plan.programme.id,
            home,
            plan.cadre.department_id,
            plan.cadre.position,
            host,
            plan.host_department,
            rng.choice(words.HOST_POSITIONS),
            rng.choice(words.PORTFOLIOS),
            plan.start,
            plan.planned_end,
            plan.actual_end,
            plan.status,
            _reason(rng, plan),
            _end_reason(plan),
            region.hr[home],
            region.hr[host] if decided else None,
            at(plan.decided_on, 15) if plan.decided_on else None,
            VERSIONS.get(plan.status, 4) + len(plan.changes),
            at(plan.proposed_on),
            _last_change(plan, today),
        )


EXTENSION_COLUMNS = (
    "id",
    "posting_id",
    "previous_planned_end_date",
    "new_planned_end_date",
    "reason",
    "created_by_id",
    "created_at",
)
CHANGE_COLUMNS = (
    "id",
    "posting_id",
    "kind",
    "side",
    "status",
    "previous_end_date",
    "new_end_date",
    "category",
    "reason",
    "decision_reason",
    "requested_by_id",
    "requested_at",
    "decided_by_id",
    "decided_at",
    "applied_at",
    "version",
)


def _hr_of(region: Region, plan: PostingPlan, side: str) -> int:
    home = side == TermChangeSide.HOME
    return region.hr[plan.cadre.district_id if home else plan.host_district]


def change_rows(region: Region, plans: list[PostingPlan]):
    """(term change rows, extension rows): every change asked, and the extensions applied."""
    changes: list[tuple] = []
    extensions: list[tuple] = []
    for plan in plans:
        for change in plan.changes:
            asker = _hr_of(region, plan, change.side)
            other = (
                TermChangeSide.HOST if change.side == TermChangeSide.HOME else TermChangeSide.HOME
            )
            decider = _hr_of(region, plan, other) if change.decided_at else None
            changes.append(
                (
                    len(changes) + 1,
                    plan.id,
                    change.kind,
                    change.side,
                    change.status,
                    change.previous_end,
                    change.new_end,
                    change.category,
                    change.reason,
                    change.decision_reason,
                    asker,
                    change.requested_at,
                    decider,
                    change.decided_at,
                    change.applied_at,
                    1 if change.status == TermChangeStatus.PENDING else 2,
                )
            )
            if change.kind == TermChangeKind.EXTENSION and change.applied_at:
                extensions.append(
                    (
                        len(extensions) + 1,
                        plan.id,
                        change.previous_end,
                        change.new_end,
                        change.reason,
                        asker,
                        change.applied_at,
                    )
                )
    return changes, extensions


QUOTA_COLUMNS = ("id", "programme_id", "home_district_id", "host_district_id", "max_postings")


def quota_rows(rng: random.Random, region: Region, plans: list[PostingPlan]):
    """A quota for every direction of every programme, never below what the postings use."""
    used = Counter(
        (p.programme.id, p.cadre.district_id, p.host_district)
        for p in plans
        if p.status in QUOTA_STATUSES
    )
    next_id = 1
    for programme in region.programmes:
        for home in programme.members:
            for host in programme.members:
                if home == host:
                    continue
                taken = used[(programme.id, home, host)]
                room = rng.randint(0, max(2, taken // 10))
                yield (next_id, programme.id, home, host, taken + room)
                next_id += 1


def accounts_for(plans: list[PostingPlan], first_id: int) -> dict[int, int]:
    """Cadre id → account id for every cadre with an agreed posting (they file reports)."""
    cadres = sorted({p.cadre.id for p in plans if p.status in AGREED_STATUSES})
    return {cadre_id: first_id + i for i, cadre_id in enumerate(cadres)}


AUDIT_COLUMNS = (
    "id",
    "created_at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "district_id",
    "other_district_id",
    "ip_address",
    "request_id",
    "summary",
    "changes",
    "repeat_count",
)


def _status_change(before: str | None, after: str) -> dict:
    return {"status": [before, after]}


def _lifecycle(plan: PostingPlan, today: date):
    """(moment, side acting or None for the daily job, action, changes) of the posting's
    own events, as ``postings.services`` records them."""
    proposed = {
        **_status_change(None, PostingStatus.PROPOSED.value),
        "start_date": [None, plan.start.isoformat()],
        "planned_end_date": [None, plan.original_end.isoformat()],
    }
    yield at(plan.proposed_on), "home", "propose", proposed
    proposed_value, accepted = PostingStatus.PROPOSED.value, PostingStatus.ACCEPTED.value
    if plan.decided_on is not None:
        declined = plan.status == PostingStatus.DECLINED
        after = PostingStatus.DECLINED.value if declined else accepted
        action = "decline" if declined else "accept"
        yield at(plan.decided_on, 15), "host", action, _status_change(proposed_value, after)
    if plan.closed_on is not None:
        before = accepted if plan.decided_on is not None else proposed_value
        change = _status_change(before, PostingStatus.CANCELLED.value)
        yield at(plan.closed_on, 15), "home", "cancel", change
    active = PostingStatus.ACTIVE.value
    if plan.status in AGREED_STATUSES and plan.start <= today:
        yield at(plan.start, 0, 30), None, "start", _status_change(accepted, active)
    if plan.status == PostingStatus.COMPLETED:
        change = _status_change(active, PostingStatus.COMPLETED.value)
        yield at(_days(plan.planned_end, 1), 0, 30), None, "complete", change


def audit_rows(region: Region, plans: list[PostingPlan], first_id: int = 1):
    """The audit trail of each posting's life: proposed by its home side's HR, answered by
    the host's, cancelled, started and completed (by the daily job, no actor)."""
    event_id = first_id
    for plan in plans:
        home, host = plan.cadre.district_id, plan.host_district
        summary = f"{plan.cadre.name} · {plan.programme.name}"[:255]
        for moment, side, action, changes in _lifecycle(plan, region.today):
            district = {"home": home, "host": host}.get(side or "")
            actor = region.hr[district] if district is not None else None
            name = f"hr.{region.codes[district]}" if district is not None else ""
            # An office address on the districts' network; the daily job has none.
            address = f"10.{district % 250}.8.{event_id % 200 + 20}" if district else ""
            yield (
                event_id,
                moment,
                actor,
                name,
                f"posting.{action}",
                "posting",
                plan.id,
                home,
                host,
                address,
                f"{event_id:032x}" if district else "",
                summary,
                changes,
                1,
            )
            event_id += 1
