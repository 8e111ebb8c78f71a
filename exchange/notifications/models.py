"""In-app notifications (the bell), mailed once when a mail server is configured."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.extensions import Model

if TYPE_CHECKING:
    from exchange.auth.models import User


class Notification(Model):
    """A notice to one user; ``key`` ("kind:what") makes sending it idempotent per user."""

    __tablename__ = "notification"
    __table_args__ = (sa.UniqueConstraint("user_id", "key", name="uq_notification_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(120))
    message: Mapped[str] = mapped_column(sa.Text)
    link: Mapped[str] = mapped_column(sa.String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped["User"] = relationship()

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]
