"""Changing the holiday table: the administrator adds a range of days or removes one."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import record
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.workdays.models import CalendarDay, DayKind

MAX_RANGE_DAYS = 31


@dataclass(frozen=True)
class DayRange:
    first: date | None
    last: date | None
    kind: str
    name: str
    source: str = ""


def set_days(data: DayRange, actor) -> list[CalendarDay]:
    """Mark each day of the range as a holiday or a working day (replacing what was there)."""
    if not policy.can_manage_calendar(actor):
        raise NotAllowed(_l("Only the administrator changes the holiday table."))
    reasons = []
    if data.first is None:
        reasons.append(("first", "required", _l("Give the first day.")))
    last = data.last or data.first
    if data.first and last < data.first:
        reasons.append(("last", "end_before_start", _l("The last day is before the first.")))
    elif data.first and (last - data.first).days >= MAX_RANGE_DAYS:
        reasons.append(
            ("last", "range_too_long", _l("At most %(n)d days at once.", n=MAX_RANGE_DAYS))
        )
    if DayKind.coerce(data.kind) is None:
        reasons.append(("kind", "invalid_choice", _l("Choose holiday or working day.")))
    name = (data.name or "").strip()
    if not name:
        reasons.append(("name", "required", _l("Name the holiday.")))
    if reasons:
        raise DomainError(reasons)
    days = []
    day = data.first
    existing = {
        row.day: row
        for row in db.session.scalars(
            sa.select(CalendarDay).where(CalendarDay.day.between(data.first, last))
        )
    }
    while day <= last:
        row = existing.get(day) or CalendarDay(day=day)
        row.kind, row.name, row.source = data.kind, name[:40], (data.source or "").strip()[:200]
        db.session.add(row)
        days.append(row)
        day += timedelta(days=1)
    db.session.flush()
    record(
        "calendar.set",
        days[0],
        actor=actor,
        changes={
            "days": [None, f"{data.first.isoformat()}..{last.isoformat()}"],
            "kind": [None, data.kind],
        },
        summary=f"{name} {data.first.isoformat()}–{last.isoformat()}",
    )
    return days


def remove_day(row: CalendarDay, actor) -> None:
    if not policy.can_manage_calendar(actor):
        raise NotAllowed(_l("Only the administrator changes the holiday table."))
    record(
        "calendar.remove",
        row,
        actor=actor,
        changes={"day": [row.day.isoformat(), None], "kind": [row.kind, None]},
        summary=f"{row.name} {row.day.isoformat()}",
    )
    db.session.delete(row)
    db.session.flush()
