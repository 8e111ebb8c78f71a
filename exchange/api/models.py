"""Personal API tokens: a user's key to ``/api/v1``, stored only as a hash."""

import hashlib
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

# Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
PREFIX = "exg_"


class TokenScope(RichEnum):
    READ = "read"
    READ_WRITE = "read-write"

    __labels__ = {
        READ: _l("Read only"),
        READ_WRITE: _l("Read and write"),
    }


def token_digest(secret: str) -> str:
    """The stored form of a token: SHA-256 suffices for 32 random bytes (no dictionary
    to attack, unlike a password), and lets a request find its token by one lookup."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(Model):
    __tablename__ = "api_token"
    __table_args__ = (check_in("scope", TokenScope, name="valid_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(60))
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters of the secret, shown in the list to tell tokens apart.
    hint: Mapped[str] = mapped_column(sa.String(16), default="")
    scope: Mapped[str] = mapped_column(sa.String(16), default=TokenScope.READ)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    user: Mapped["User"] = relationship(foreign_keys=[user_id])

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE

    def is_usable(self, now: datetime) -> bool:
        """Neither revoked nor expired, and its account still active."""
        if self.revoked_at is not None:
            return False
        if self.expires_at is not None and self.expires_at <= now:
            return False
        return bool(self.user.active)

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"

    def __str__(self) -> str:
        return self.name
