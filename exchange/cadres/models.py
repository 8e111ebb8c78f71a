"""Cadres (干部): officials with a home department and position."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model
from exchange.text import pinyin_keys

if TYPE_CHECKING:
    from exchange.auth.models import User
    from exchange.org.models import Department
    from exchange.postings.models import Posting


class Gender(RichEnum):
    MALE = "M"
    FEMALE = "F"

    __labels__ = {MALE: _l("Male"), FEMALE: _l("Female")}


class Cadre(Model):
    __tablename__ = "cadre"
    __table_args__ = (check_in("gender", Gender, name="valid_gender", nullable=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(40), index=True)
    # Search keys kept in step with ``name`` (see ``_name_keys``): "zhangxiang", "zx".
    name_pinyin: Mapped[str] = mapped_column(sa.String(160), default="", index=True)
    name_initials: Mapped[str] = mapped_column(sa.String(40), default="", index=True)
    gender: Mapped[str | None] = mapped_column(sa.String(1))
    birth_date: Mapped[date | None]
    home_department_id: Mapped[int] = mapped_column(sa.ForeignKey("department.id"), index=True)
    home_position: Mapped[str] = mapped_column(sa.String(120))  # 原单位职务
    rank: Mapped[str] = mapped_column(sa.String(60), default="")  # 职级
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    home_department: Mapped["Department"] = relationship()
    user: Mapped["User | None"] = relationship(back_populates="cadre")
    postings: Mapped[list["Posting"]] = relationship(
        back_populates="cadre", order_by="Posting.start_date"
    )

    @validates("name")
    def _name_keys(self, key, value):
        self.name_pinyin, self.name_initials = pinyin_keys(value)
        return value

    @property
    def home_district(self):
        return self.home_department.district

    def __str__(self) -> str:
        return self.name
