"""Reading the audit trail: the events a user may see, filtered, newest first, one page at a time."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import policy
from exchange.audit.models import AuditEvent
from exchange.clock import TZ
from exchange.db import written

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


#: How many of the newest events an HR officer's list looks through first.
NEWEST = 5_000


def visible_events(user, f: AuditFilter, scope=None):
    """A select of the events ``user`` may read that match ``f``, newest first, actors loaded."""
    query = (
        sa.select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .where(policy.audit_scope(user, AuditEvent) if scope is None else scope)
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


def newest_events(session, user, f: AuditFilter, limit: int, before: int | None = None):
    """The first ``limit`` events of ``visible_events`` (before the id ``before``).

    An HR officer's are looked for first among the ``NEWEST`` events before ``before``,
    each tested for the district (``policy.audit_scope_in_id_order``): at most that many
    are read, however many the district or the trail holds. When they do not make up
    ``limit``, the district's events are read through their indexes and sorted (a small
    or new district's, which the newest events hold few of)."""
    older = [AuditEvent.id < before] if before is not None else []
    if policy.is_hr(user):
        oldest = (
            sa.select(AuditEvent.id)
            .where(*older)
            .order_by(AuditEvent.id.desc())
            .offset(written(NEWEST - 1))
            .limit(written(1))
            .scalar_subquery()
        )
        query = visible_events(user, f, policy.audit_scope_in_id_order(user, AuditEvent))
        query = query.where(*older, AuditEvent.id >= sa.func.coalesce(oldest, 0))
        rows = session.scalars(query.limit(written(limit))).unique().all()
        if len(rows) == limit:
            return rows
    return (
        session.scalars(visible_events(user, f).where(*older).limit(written(limit))).unique().all()
    )


def page_of_events(session, user, f: AuditFilter, before: int | None = None):
    """One page (keyset on id): the events, and the id to continue from (None on the last page)."""
    rows = newest_events(session, user, f, PER_PAGE + 1, before)
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    return rows, (rows[-1].id if more and rows else None)
