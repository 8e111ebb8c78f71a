"""Districts (区域/新区) and their departments (部门)."""

from datetime import datetime

import sqlalchemy as sa
from flask import has_app_context
from flask_babel import get_locale
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from exchange.db import UTCDateTime, utcnow
from exchange.extensions import Model
from exchange.text import sort_reading

#: 显示顺序: lists show districts and departments by this number, then by pinyin.
DISPLAY_ORDER_CHECK = "display_order BETWEEN 0 AND 9999"
MAX_DISPLAY_ORDER = 9999


def _english() -> bool:
    if not has_app_context():
        return False
    locale = get_locale()
    return locale is not None and locale.language == "en"


def in_language(name: str, name_en: str) -> str:
    """The stored English name on English pages (when there is one), else the Chinese name."""
    return name_en if name_en and _english() else name


def name_column(entity) -> sa.ColumnElement[str]:
    """``in_language`` as a column of a query: name_en on English pages when one is stored."""
    if _english():
        return sa.case((entity.name_en != "", entity.name_en), else_=entity.name)
    return entity.name


class _Listed:
    """A display order and a pinyin reading of the name, kept with the name."""

    @validates("name")
    def _reading_follows(self, key, name):
        self.sort_name = sort_reading(name)
        return name


def display_key(entity) -> sa.ColumnElement[str]:
    """显示顺序 then pinyin as ONE sortable string (a keyset cursor holds one value)."""
    return sa.cast(entity.display_order + 10000, sa.String(5)) + entity.sort_name


def display_ordering(entity) -> tuple:
    """ORDER BY terms of a list of districts or departments."""
    return (entity.display_order, entity.sort_name, entity.id)


class District(_Listed, Model):
    __tablename__ = "district"
    __table_args__ = (sa.CheckConstraint(DISPLAY_ORDER_CHECK, name="display_order_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(120), default="")
    province: Mapped[str] = mapped_column(sa.String(40), default="")
    display_order: Mapped[int] = mapped_column(default=0, server_default="0")
    sort_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    departments: Mapped[list["Department"]] = relationship(
        back_populates="district",
        order_by=lambda: (Department.display_order, Department.sort_name, Department.id),
    )

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name as the interface shows it, in the user's language."""
        return in_language(self.name, self.name_en)


class Department(_Listed, Model):
    __tablename__ = "department"
    __table_args__ = (
        sa.UniqueConstraint("district_id", "name", name="uq_department_district_name"),
        # Lets postings reference (department, district) together, so a posting's
        # district can never disagree with its department's.
        sa.UniqueConstraint("id", "district_id", name="uq_department_id_district"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        sa.CheckConstraint(DISPLAY_ORDER_CHECK, name="display_order_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("district.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("department.id"))
    name: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(200), default="")
    display_order: Mapped[int] = mapped_column(default=0, server_default="0")
    sort_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    district: Mapped[District] = relationship(back_populates="departments")
    parent: Mapped["Department | None"] = relationship(remote_side=[id])

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name as the interface shows it, in the user's language."""
        return in_language(self.name, self.name_en)
