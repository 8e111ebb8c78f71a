"""User accounts and their roles."""

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model

if TYPE_CHECKING:
    from exchange.cadres.models import Cadre
    from exchange.org.models import District


class Role(RichEnum):
    ADMIN = "admin"  # 系统管理员
    HR = "hr"  # 组织人事部门
    CADRE = "cadre"  # 挂职干部
    LEADER = "leader"  # 领导

    __labels__ = {
        ADMIN: _l("Administrator"),
        HR: _l("HR officer"),
        CADRE: _l("Seconded official"),
        LEADER: _l("Leadership"),
    }


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Model):
    __tablename__ = "user_account"
    __table_args__ = (
        check_in("role", Role, name="valid_role"),
        sa.CheckConstraint("role <> 'hr' OR district_id IS NOT NULL", name="hr_has_district"),
        sa.CheckConstraint("role <> 'cadre' OR cadre_id IS NOT NULL", name="cadre_has_cadre"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(80), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16))
    # HR officers act for one district; leadership and administrators act for none (every
    # district): the account form offers the district to HR officers only.
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("district.id"), index=True)
    cadre_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cadre.id"), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the login session id: changing it ends every session of the user.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    locale: Mapped[str | None] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when someone else chose the password (an admin's new account or reset, the
    # command line): the user must choose their own before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False)

    district: Mapped["District | None"] = relationship()
    cadre: Mapped["Cadre | None"] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def end_all_sessions(self) -> None:
        self.session_token = new_session_token()

    def __str__(self) -> str:
        return self.display_name or self.username
