"""Cadres (干部): officials with a home department and position."""

from contextlib import nullcontext
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship, validates

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model
from exchange.text import name_grams, pinyin_keys

if TYPE_CHECKING:
    from exchange.auth.models import User
    from exchange.org.models import Department
    from exchange.postings.models import Posting


class PoliticalStatus(RichEnum):
    """政治面貌, as the 干部任免审批表 writes it."""

    CPC_MEMBER = "cpc_member"
    CPC_PROBATIONARY = "cpc_probationary"
    LEAGUE_MEMBER = "league_member"
    DEMOCRATIC_PARTY = "democratic_party"
    NON_PARTISAN = "non_partisan"
    MASSES = "masses"

    __labels__ = {
        "cpc_member": _l("CPC member"),
        "cpc_probationary": _l("CPC probationary member"),
        "league_member": _l("Communist Youth League member"),
        "democratic_party": _l("Member of a democratic party"),
        "non_partisan": _l("Non-partisan"),
        "masses": _l("No party affiliation"),
    }

    @property
    def form_text(self) -> str:
        """The words the paper forms print, whatever the interface language."""
        return FORM_TEXT[self.value]


FORM_TEXT = {
    "cpc_member": "中共党员",
    "cpc_probationary": "中共预备党员",
    "league_member": "共青团员",
    "democratic_party": "民主党派",
    "non_partisan": "无党派人士",
    "masses": "群众",
}


class Gender(RichEnum):
    MALE = "M"
    FEMALE = "F"

    __labels__ = {MALE: _l("Male"), FEMALE: _l("Female")}


class Cadre(Model):
    __tablename__ = "cadre"
    __table_args__ = (
        check_in("gender", Gender, name="valid_gender", nullable=True),
        check_in("political_status", PoliticalStatus, "valid_political_status", nullable=True),
        # The roster's search scans these three (migration 20261130_i19_cadre_search).
        sa.Index("ix_cadre_search", "name", "name_pinyin", "name_initials"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(40))
    # Search keys kept in step with ``name`` (see ``_name_keys``): "zhangxiang", "zx".
    name_pinyin: Mapped[str] = mapped_column(sa.String(160), default="", index=True)
    name_initials: Mapped[str] = mapped_column(sa.String(40), default="", index=True)
    gender: Mapped[str | None] = mapped_column(sa.String(1))
    # The forms need months only: each ``*_month`` is the first day of its month.
    birth_month: Mapped[date | None]  # 出生年月 (no day: data minimisation)
    ethnicity: Mapped[str] = mapped_column(sa.String(20), default="")  # 民族
    native_place: Mapped[str] = mapped_column(sa.String(60), default="")  # 籍贯
    political_status: Mapped[str | None] = mapped_column(sa.String(20))  # 政治面貌
    party_joined_month: Mapped[date | None]  # 入党时间
    work_started_month: Mapped[date | None]  # 参加工作时间
    education: Mapped[str] = mapped_column(sa.String(40), default="")  # 学历
    degree: Mapped[str] = mapped_column(sa.String(40), default="")  # 学位
    home_department_id: Mapped[int] = mapped_column(sa.ForeignKey("department.id"), index=True)
    home_position: Mapped[str] = mapped_column(sa.String(120))  # 原单位职务
    rank: Mapped[str] = mapped_column(sa.String(60), default="")  # 职级
    home_position_month: Mapped[date | None]  # 任现职时间: start of the current home post
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

    # The pieces of the name the search looks the cadre up by (``exchange.cadres.search``).
    grams: Mapped[list["CadreGram"]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True
    )

    @validates("name")
    def _name_keys(self, key, value):
        if value == self.__dict__.get("name"):
            return value
        self.name_pinyin, self.name_initials = pinyin_keys(value)
        wanted = name_grams(value, self.name_pinyin, self.name_initials)
        # The pieces the old name shares are kept: one row per (gram, cadre) at a time.
        # Read without flushing: a rename is saved (and its version checked) with the rest.
        session = object_session(self)
        with session.no_autoflush if session is not None else nullcontext():
            kept = [gram for gram in self.grams if gram.gram in wanted]
        have = {gram.gram for gram in kept}
        self.grams = kept + [CadreGram(gram=gram) for gram in sorted(wanted - have)]
        return value

    @property
    def home_district(self):
        return self.home_department.district

    def __str__(self) -> str:
        return self.name


class CadreGram(Model):
    """A piece of a cadre's name (张, zx, zha ...): the search's index, written with the name."""

    __tablename__ = "cadre_gram"
    __table_args__ = (
        sa.Index("ix_cadre_gram_cadre", "cadre_id"),  # a cadre's own, when renamed
        {"sqlite_with_rowid": False},
    )

    gram: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    cadre_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cadre.id", ondelete="CASCADE"), primary_key=True
    )

    cadre: Mapped[Cadre] = relationship(back_populates="grams")
