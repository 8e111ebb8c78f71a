"""Appraisals of a posting: the host side writes and proposes, the home side confirms.

One row per appraisal (``annual`` per calendar year of the posting, ``end_of_term``
once per posting). Each side's part records who wrote it and when; when both have
signed, the appraisal is locked. A correction afterwards keeps the earlier content
in ``appraisal_version`` with the reason.
"""

from __future__ import annotations

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
    from exchange.cadres.models import Cadre
    from exchange.postings.models import Posting


class Grade(RichEnum):
    """The four grades of a civil servant's appraisal (公务员考核等次)."""

    EXCELLENT = "excellent"
    COMPETENT = "competent"
    BASICALLY_COMPETENT = "basically_competent"
    NOT_COMPETENT = "not_competent"

    __labels__ = {
        "excellent": _l("Excellent"),
        "competent": _l("Competent"),
        "basically_competent": _l("Basically competent"),
        "not_competent": _l("Not competent"),
    }

    @property
    def form_text(self) -> str:
        """The words the paper forms and the .lrmx file use, whatever the interface language."""
        return GRADE_TEXT[self.value]


GRADE_TEXT = {
    "excellent": "优秀",
    "competent": "称职",
    "basically_competent": "基本称职",
    "not_competent": "不称职",
}


class AppraisalKind(RichEnum):
    ANNUAL = "annual"  # 年度考核
    END_OF_TERM = "end_of_term"  # 考核鉴定

    __labels__ = {
        "annual": _l("Annual appraisal"),
        "end_of_term": _l("End-of-term appraisal"),
    }


class AppraisalStatus(RichEnum):
    HOST_SIGNED = "host_signed"  # the host side has written and signed its part
    LOCKED = "locked"  # both sides signed; changes are corrections with a reason

    __labels__ = {
        "host_signed": _l("Waiting for the home side"),
        "locked": _l("Signed by both sides"),
    }
    __badges__ = {"host_signed": "text-bg-warning", "locked": "text-bg-success"}


class Appraisal(Model):
    __tablename__ = "appraisal"
    __table_args__ = (
        check_in("kind", AppraisalKind, "valid_kind"),
        check_in("status", AppraisalStatus, "valid_status"),
        check_in("proposed_grade", Grade, "valid_proposed_grade"),
        check_in("final_grade", Grade, "valid_final_grade", nullable=True),
        sa.CheckConstraint("(kind = 'annual') = (year IS NOT NULL)", name="year_for_annual"),
        sa.CheckConstraint(
            "status <> 'locked' OR (final_grade IS NOT NULL AND home_signed_at IS NOT NULL)",
            name="locked_when_both_signed",
        ),
        sa.UniqueConstraint("posting_id", "kind", "year", name="uq_appraisal_year"),
        sa.Index(
            "uq_appraisal_end_of_term",
            "posting_id",
            unique=True,
            sqlite_where=sa.text("kind = 'end_of_term'"),
            postgresql_where=sa.text("kind = 'end_of_term'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("posting.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    year: Mapped[int | None]  # the calendar year of an annual appraisal
    status: Mapped[str] = mapped_column(sa.String(16), default=AppraisalStatus.HOST_SIGNED)
    # The host side's part.
    proposed_grade: Mapped[str] = mapped_column(sa.String(24))
    work_record: Mapped[str] = mapped_column(sa.Text, default="")  # annual: the year's work
    performance: Mapped[str] = mapped_column(sa.Text, default="")  # 鉴定: 表现
    achievements: Mapped[str] = mapped_column(sa.Text, default="")  # 主要成绩
    shortcomings: Mapped[str] = mapped_column(sa.Text, default="")  # 不足
    expectations: Mapped[str] = mapped_column(sa.Text, default="")  # 希望
    host_signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    host_signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The home side's part.
    home_opinion: Mapped[str] = mapped_column(sa.Text, default="")
    final_grade: Mapped[str | None] = mapped_column(sa.String(24))
    home_signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    home_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(default=1)  # 1 + the number of corrections
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    posting: Mapped[Posting] = relationship()
    host_signed_by: Mapped[User | None] = relationship(foreign_keys=[host_signed_by_id])
    home_signed_by: Mapped[User | None] = relationship(foreign_keys=[home_signed_by_id])
    versions: Mapped[list[AppraisalVersion]] = relationship(
        back_populates="appraisal", order_by="AppraisalVersion.revision"
    )

    @property
    def kind_enum(self) -> AppraisalKind:
        return AppraisalKind(self.kind)

    @property
    def status_enum(self) -> AppraisalStatus:
        return AppraisalStatus(self.status)

    @property
    def is_locked(self) -> bool:
        return self.status == AppraisalStatus.LOCKED

    @property
    def result(self) -> Grade | None:
        """The grade that counts: the final one once both sides have signed."""
        return Grade.coerce(self.final_grade) if self.is_locked else None  # type: ignore[return-value]

    def content(self) -> dict:
        """What a correction may change, as the earlier version keeps it."""
        return {field: getattr(self, field) for field in CONTENT_FIELDS}


#: The columns a version keeps: both sides' words and grades, and who signed when.
CONTENT_FIELDS = (
    "proposed_grade",
    "work_record",
    "performance",
    "achievements",
    "shortcomings",
    "expectations",
    "home_opinion",
    "final_grade",
)


class AppraisalVersion(Model):
    """An earlier content of a locked appraisal, kept when it was corrected, and why."""

    __tablename__ = "appraisal_version"
    __table_args__ = (
        sa.UniqueConstraint("appraisal_id", "revision", name="uq_appraisal_version_revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(sa.ForeignKey("appraisal.id"), index=True)
    revision: Mapped[int]  # the revision this content was
    content: Mapped[dict] = mapped_column(sa.JSON)
    host_signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    host_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    home_signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    home_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(sa.Text)  # why it was corrected
    corrected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    appraisal: Mapped[Appraisal] = relationship(back_populates="versions")
    host_signed_by: Mapped[User | None] = relationship(foreign_keys=[host_signed_by_id])
    home_signed_by: Mapped[User | None] = relationship(foreign_keys=[home_signed_by_id])
    corrected_by: Mapped[User | None] = relationship(foreign_keys=[corrected_by_id])


class AnnualResult(Model):
    """A cadre's 年度考核 result for a year outside any posting, recorded by the home side.

    The annual appraisal of a year the cadre served a posting lives on that posting
    (``Appraisal``); the years before and between postings were appraised by the home
    unit alone, and the 任免审批表 and the .lrmx file still need them (近三年年度考核结果).
    They arrive by import (``source`` says from which file).
    """

    __tablename__ = "annual_result"
    __table_args__ = (
        check_in("grade", Grade, "valid_grade"),
        sa.UniqueConstraint("cadre_id", "year", name="uq_annual_result_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(sa.ForeignKey("cadre.id"), index=True)
    year: Mapped[int]
    grade: Mapped[str] = mapped_column(sa.String(24))
    source: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    cadre: Mapped[Cadre] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def grade_enum(self) -> Grade:
        return Grade(self.grade)
