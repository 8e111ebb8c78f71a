"""Exchange programmes (交流批次 / 互派协议): rounds of secondments, quotas and term rules."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model, db

if TYPE_CHECKING:
    from exchange.auth.models import User
    from exchange.org.models import District


programme_district = sa.Table(
    "programme_district",
    db.metadata,
    sa.Column("programme_id", sa.ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("district_id", sa.ForeignKey("district.id"), primary_key=True),
)


class Programme(Model):
    __tablename__ = "programme"
    __table_args__ = (
        sa.CheckConstraint("end_date > start_date", name="valid_window"),
        sa.CheckConstraint("standard_term_months > 0", name="positive_term"),
        sa.CheckConstraint("report_cadence_months > 0", name="positive_cadence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    agreement_date: Mapped[date | None]  # 协议签署日期
    # Window within which the programme's postings run.
    start_date: Mapped[date]
    end_date: Mapped[date]
    standard_term_months: Mapped[int] = mapped_column(default=6)
    report_cadence_months: Mapped[int] = mapped_column(default=1)
    # Reports are expected only when due on or after this day (None: from the first one);
    # a round that predates the system (the 2020 round) is not graded on reports it
    # could not have filed here.
    reports_required_from: Mapped[date | None]
    team_leader: Mapped[str] = mapped_column(sa.String(80), default="")  # 领队
    # 草案: drafted by one member's HR, in force once every other member confirmed it (its
    # creation request, ``changes.py``); no posting is proposed in it before.
    is_draft: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    districts: Mapped[list["District"]] = relationship(
        secondary=programme_district, order_by="District.id"
    )
    quotas: Mapped[list["Quota"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )
    term_rules: Mapped[list["TermRule"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="TermRule.kind"
    )
    change_requests: Mapped[list["ProgrammeChangeRequest"]] = relationship(
        back_populates="programme", order_by="ProgrammeChangeRequest.id"
    )

    def __str__(self) -> str:
        return self.name


class Quota(Model):
    """How many postings one district may send to another within a programme."""

    __tablename__ = "quota"
    __table_args__ = (
        sa.UniqueConstraint(
            "programme_id", "home_district_id", "host_district_id", name="uq_quota_direction"
        ),
        sa.CheckConstraint("home_district_id <> host_district_id", name="crosses_districts"),
        sa.CheckConstraint("max_postings >= 0", name="non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programme.id", ondelete="CASCADE"))
    home_district_id: Mapped[int] = mapped_column(sa.ForeignKey("district.id"))
    host_district_id: Mapped[int] = mapped_column(sa.ForeignKey("district.id"))
    max_postings: Mapped[int]

    programme: Mapped[Programme] = relationship(back_populates="quotas")
    home_district: Mapped["District"] = relationship(foreign_keys=[home_district_id])
    host_district: Mapped["District"] = relationship(foreign_keys=[host_district_id])


class TermRuleKind(RichEnum):
    MIN_INITIAL_TERM_MONTHS = "min_initial_term_months"
    MAX_INITIAL_TERM_MONTHS = "max_initial_term_months"
    MAX_TOTAL_EXTENSION_MONTHS = "max_total_extension_months"
    MAX_EXTENSIONS = "max_extensions"  # 可延期一次: how many extensions a posting may have
    MAX_CAREER_MONTHS = "max_career_months"
    MIN_GAP_DAYS = "min_gap_days"
    # Appraisal settings (exchange.appraisals), kept with their source like the limits.
    APPRAISAL_WINDOW_DAYS = "appraisal_window_days"  # 考核鉴定 opens this long before the end
    ANNUAL_GRADE_BY_HOST = "annual_grade_by_host"  # 1: the host decides the annual grade

    __labels__ = {
        MIN_INITIAL_TERM_MONTHS: _l("Shortest initial term (months)"),
        MAX_INITIAL_TERM_MONTHS: _l("Longest initial term (months)"),
        MAX_TOTAL_EXTENSION_MONTHS: _l("Longest total extension (months)"),
        MAX_EXTENSIONS: _l("Most extensions of one posting (times)"),
        MAX_CAREER_MONTHS: _l("Longest time seconded over a career (months)"),
        MIN_GAP_DAYS: _l("Shortest gap between two postings (days)"),
        APPRAISAL_WINDOW_DAYS: _l(
            "End-of-term appraisal opens this many days before the end (default 30)"
        ),
        ANNUAL_GRADE_BY_HOST: _l(
            "Annual grade: 1 if the host side decides, 0 if the home side confirms or sets it"
        ),
    }


class TermRule(Model):
    """One limit on terms within a programme, with the text of the rule's source."""

    __tablename__ = "term_rule"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "kind", name="uq_term_rule_kind"),
        check_in("kind", TermRuleKind, name="valid_kind"),
        sa.CheckConstraint("value >= 0", name="non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programme.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    value: Mapped[int]
    source: Mapped[str] = mapped_column(sa.Text, default="")  # 依据: the rule's source text

    programme: Mapped[Programme] = relationship(back_populates="term_rules")


class ProgrammeChangeStatus(RichEnum):
    PENDING = "pending"
    APPLIED = "applied"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    __labels__ = {
        PENDING: _l("Waiting for confirmation"),
        APPLIED: _l("Applied"),
        DECLINED: _l("Declined"),
        WITHDRAWN: _l("Withdrawn"),
    }
    __badges__ = {
        PENDING: "text-bg-warning",
        APPLIED: "text-bg-success",
        DECLINED: "text-bg-secondary",
        WITHDRAWN: "text-bg-light",
    }


class ProgrammeChangeRequest(Model):
    """A change of a programme in force proposed by one member district; it is applied when
    every other party has confirmed it.

    ``proposed`` is the programme form's data (JSON), ``changes`` the old → new values per
    form field computed when proposed, ``party_ids`` the districts the change binds (the
    members then, and any district it adds), ``confirmations`` who confirmed for which
    district: ``{"<district id>": {"user_id", "name", "at"}}``.
    """

    __tablename__ = "programme_change_request"
    __table_args__ = (check_in("status", ProgrammeChangeStatus, name="valid_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), default=ProgrammeChangeStatus.PENDING)
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    proposer_district_id: Mapped[int] = mapped_column(sa.ForeignKey("district.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    programme_version: Mapped[int]  # the programme's version the change was computed against
    proposed: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    party_ids: Mapped[list[int]] = mapped_column(sa.JSON)
    confirmations: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    reason: Mapped[str] = mapped_column(sa.Text)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    programme: Mapped[Programme] = relationship(back_populates="change_requests")
    proposed_by: Mapped["User | None"] = relationship(foreign_keys=[proposed_by_id])
    proposer_district: Mapped["District"] = relationship()
    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_pending(self) -> bool:
        return self.status == ProgrammeChangeStatus.PENDING

    @property
    def awaiting_ids(self) -> list[int]:
        """The parties whose confirmation is still missing."""
        return [
            d
            for d in self.party_ids
            if d != self.proposer_district_id and str(d) not in self.confirmations
        ]
