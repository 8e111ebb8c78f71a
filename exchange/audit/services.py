"""Writing audit events. Services call ``record``; it only adds to the session."""

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import g, has_request_context, request

from exchange.audit.models import AuditEvent
from exchange.db import utcnow, will_write
from exchange.extensions import db

# Columns never copied into the trail.
SECRET_FIELDS = {"password_hash", "session_token"}


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def changes_of(obj) -> dict:
    """Old and new values of the columns changed on ``obj`` since it was loaded.

    A new object gives every set column as ``[None, value]``.
    """
    state = sa.inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SECRET_FIELDS or key in {"version", "created_at", "updated_at"}:
            continue
        hist = state.attrs[key].history
        if state.transient or state.pending:
            if hist.added and hist.added[0] is not None:
                changes[key] = [None, _plain(hist.added[0])]
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[key] = [_plain(old), _plain(new)]
    for key in SECRET_FIELDS:
        if key in state.mapper.column_attrs and state.attrs[key].history.has_changes():
            changes[key] = ["***", "***"]
    return changes


def record(
    action: str,
    target=None,
    *,
    actor=None,
    changes: dict | None = None,
    summary: str = "",
    districts: tuple = (),
) -> AuditEvent:
    """Add an audit event for ``action`` on ``target`` by ``actor`` to the session."""
    district_ids = [d for d in districts if d is not None]
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", "") or "",
        object_type=getattr(target, "__tablename__", "") if target is not None else "",
        object_id=getattr(target, "id", None),
        district_id=district_ids[0] if district_ids else None,
        other_district_id=district_ids[1] if len(district_ids) > 1 else None,
        summary=summary[:255],
        changes={k: [_plain(v) for v in pair] for k, pair in (changes or {}).items()},
    )
    if has_request_context():
        event.ip_address = (request.remote_addr or "")[:45]
        event.request_id = getattr(g, "request_id", "")
        if (token := g.get("api_token")) is not None:  # a change made through the JSON API
            via = f" [API: {token.name}]"
            event.summary = event.summary[: 255 - len(via)] + via
    db.session.add(event)
    return event


def record_refusal(action: str, *, actor=None, summary: str = "", districts: tuple = ()) -> None:
    """Roll back whatever the request did and keep only the audit event of its refusal.

    Used by the 403 handler and failed logins: the request itself changes nothing.
    """
    db.session.rollback()
    will_write()  # a refused GET writes this one event
    record(action, actor=actor, summary=summary, districts=districts)
    db.session.commit()


def record_denial(*, actor=None, districts: tuple = ()) -> None:
    """Keep the evidence of a refused request (403) without letting a probe flood the trail:
    one event per user, address, route and hour, counting its repeats (``repeat_count``);
    the first refused path is kept in its changes. The request's own changes roll back."""
    db.session.rollback()
    will_write()  # it reads, then writes: take the write lock first (SQLite)
    rule = request.url_rule.rule if request.url_rule is not None else request.path
    summary = f"{request.method} {rule}"[:255]
    address = (request.remote_addr or "")[:45]
    hour = utcnow().replace(minute=0, second=0, microsecond=0)
    actor_id = getattr(actor, "id", None)
    earlier = db.session.scalar(
        sa.select(AuditEvent.id)
        .where(
            AuditEvent.action == "access.denied",
            AuditEvent.actor_id.is_(None) if actor_id is None else AuditEvent.actor_id == actor_id,
            AuditEvent.ip_address == address,
            AuditEvent.summary == summary,
            AuditEvent.created_at >= hour,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if earlier is not None:
        db.session.execute(
            sa.update(AuditEvent)
            .where(AuditEvent.id == earlier)
            .values(repeat_count=AuditEvent.repeat_count + 1)
        )
    else:
        record(
            "access.denied",
            actor=actor,
            summary=summary,
            districts=districts,
            changes={"path": [None, request.path[:255]]},
        )
    db.session.commit()
