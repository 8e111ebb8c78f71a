"""The audit trail: who did what, when, from where, with old and new values."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.extensions import Model

if TYPE_CHECKING:
    from exchange.auth.models import User


class AuditEvent(Model):
    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(64), default="")
    action: Mapped[str] = mapped_column(sa.String(64), index=True)  # "posting.accept"
    object_type: Mapped[str] = mapped_column(sa.String(40), default="")
    object_id: Mapped[int | None]
    # The districts the event concerns, so each district's HR sees its own events.
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("district.id"), index=True)
    other_district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("district.id"), index=True)
    ip_address: Mapped[str] = mapped_column(sa.String(45), default="")
    request_id: Mapped[str] = mapped_column(sa.String(32), default="")
    summary: Mapped[str] = mapped_column(sa.String(255), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # Repeats of a refusal folded into this event (one row per user, address, route, hour).
    repeat_count: Mapped[int] = mapped_column(default=1)

    actor: Mapped["User | None"] = relationship()
