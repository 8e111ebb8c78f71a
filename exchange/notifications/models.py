"""In-app notifications (the bell), mailed once when a mail server is configured; what the
delivery run sent where, and each district's webhook."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model

if TYPE_CHECKING:
    from exchange.auth.models import User
    from exchange.org.models import District


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


class Channel(RichEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"

    __labels__ = {"email": _l("E-mail"), "webhook": _l("District webhook")}


class Delivery(Model):
    """One item (a to-do's key or ``message:<id>``) delivered to one user on one channel."""

    __tablename__ = "inbox_delivery"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "channel", "item_key", name="uq_inbox_delivery_item"),
        check_in("channel", Channel, "valid_channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(sa.String(16))
    item_key: Mapped[str] = mapped_column(sa.String(160))
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DistrictWebhook(Model):
    """The provincial messaging platform a district forwards its people's items to."""

    __tablename__ = "district_webhook"
    __table_args__ = (
        sa.CheckConstraint("url LIKE 'http://%' OR url LIKE 'https://%'", name="http_url"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(
        sa.ForeignKey("district.id", ondelete="CASCADE"), unique=True
    )
    url: Mapped[str] = mapped_column(sa.String(500))
    secret: Mapped[str] = mapped_column(sa.String(200))  # HMAC-SHA256 key shared with the platform
    active: Mapped[bool] = mapped_column(default=True)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    district: Mapped["District"] = relationship()
