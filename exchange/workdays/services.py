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


def _range_reasons(first: date, last: date) -> list:
    if last < first:
        return [("last", "end_before_start", _l("The last day is before the first."))]
    if (last - first).days >= MAX_RANGE_DAYS:
        return [("last", "range_too_long", _l("At most %(n)d days at once.", n=MAX_RANGE_DAYS))]
    return []


def set_days(data: DayRange, actor) -> list[CalendarDay]:
    """Mark each day of the range as a holiday or a working day (replacing what was there)."""
    if not policy.can_manage_calendar(actor):
        raise NotAllowed(_l("Only the administrator changes the holiday table."))
    first = data.first
    last = data.last or first
    reasons = []
    if first is None or last is None:
        reasons.append(("first", "required", _l("Give the first day.")))
    else:
        reasons += _range_reasons(first, last)
    if DayKind.coerce(data.kind) is None:
        reasons.append(("kind", "invalid_choice", _l("Choose holiday or working day.")))
    name = (data.name or "").strip()
    if not name:
        reasons.append(("name", "required", _l("Name the holiday.")))
    if reasons or first is None or last is None:
        raise DomainError(reasons)
    existing = {
        row.day: row
        for row in db.session.scalars(
            sa.select(CalendarDay).where(CalendarDay.day.between(first, last))
        )
    }
    days, day = [], first
    while day <= last:
        row = existing.get(day) or CalendarDay(day=day)
        row.kind, row.name, row.source = data.kind, name[:40], (data.source or "").strip()[:200]
        db.session.add(row)
        days.append(row)
        day += timedelta(days=1)
    db.session.flush()
    span = f"{first.isoformat()}..{last.isoformat()}"
    record(
        "calendar.set",
        days[0],
        actor=actor,
        changes={"days": [None, span], "kind": [None, data.kind]},
        summary=f"{name} {span}",
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
