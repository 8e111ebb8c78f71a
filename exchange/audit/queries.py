"""Reading the audit trail: the events a user may see, filtered, newest first, one page at a time."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import policy
from exchange.audit.models import AuditEvent
from exchange.clock import TZ

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    district_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` where the districts are (Asia/Shanghai)."""
    return datetime.combine(day, time.min, tzinfo=TZ)


def visible_events(user, f: AuditFilter):
    """A select of the events ``user`` may read that match ``f``, newest first, actors loaded."""
    query = (
        sa.select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .where(policy.audit_scope(user, AuditEvent))
        .order_by(AuditEvent.id.desc())
    )
    if f.actor:
        query = query.where(AuditEvent.actor_name == f.actor.strip().lower())
    if f.action:
        query = query.where(AuditEvent.action.startswith(f.action, autoescape=True))
    if f.object_type:
        query = query.where(AuditEvent.object_type == f.object_type)
    if f.object_id is not None:
        query = query.where(AuditEvent.object_id == f.object_id)
    if f.district_id is not None:
        query = query.where(
            sa.or_(
                AuditEvent.district_id == f.district_id,
                AuditEvent.other_district_id == f.district_id,
            )
        )
    if f.date_from is not None:
        query = query.where(AuditEvent.created_at >= _start_of(f.date_from))
    if f.date_to is not None:
        query = query.where(AuditEvent.created_at < _start_of(f.date_to + timedelta(days=1)))
    return query


def page_of_events(session, user, f: AuditFilter, before: int | None = None):
    """One page (keyset on id): the events, and the id to continue from (None on the last page)."""
    query = visible_events(user, f)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    rows = session.scalars(query.limit(PER_PAGE + 1)).unique().all()
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    return rows, (rows[-1].id if more and rows else None)
