"""Reflection logs and reports (挂职日志 / 心得体会 / 工作报告), comments and remarks."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model

if TYPE_CHECKING:
    from exchange.auth.models import User
    from exchange.postings.models import Posting


class ReportKind(RichEnum):
    MONTHLY = "monthly"  # 月度报告
    REFLECTION = "reflection"  # 心得体会
    FINAL = "final"  # 挂职总结

    __labels__ = {
        MONTHLY: _l("Monthly report"),
        REFLECTION: _l("Reflection"),
        FINAL: _l("Final summary"),
    }


class ReportStatus(RichEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"

    __labels__ = {DRAFT: _l("Draft"), SUBMITTED: _l("Submitted")}
    __badges__ = {DRAFT: "text-bg-secondary", SUBMITTED: "text-bg-success"}


class ReflectionLog(Model):
    __tablename__ = "reflection_log"
    __table_args__ = (
        check_in("kind", ReportKind, name="valid_kind"),
        check_in("status", ReportStatus, name="valid_status"),
        sa.CheckConstraint(
            "status <> 'submitted' OR submitted_at IS NOT NULL", name="submitted_has_time"
        ),
        sa.CheckConstraint(
            "period_start_date IS NULL OR period_end_date IS NULL "
            "OR period_end_date >= period_start_date",
            name="valid_period",
        ),
        # A posting's reports by status and kind, with the days they speak for and when
        # they were submitted: what compliance and the overdue count read, from the index.
        sa.Index(
            "ix_reflection_log_filed",
            "posting_id",
            "status",
            "kind",
            "report_date",
            "period_end_date",
            "submitted_at",
        ),
        # The report list's order (newest first), read by keyset.
        # With the status: the drafts of the coming weeks, thousands at the top of a
        # region's list, are passed over in the index, not by reading each report.
        sa.Index("ix_reflection_log_report_date", "report_date", "id", "status"),
        # What waits for a comment or a 批示: the last weeks' submissions, by range, with
        # what the count tests (a report's row holds its text: reading it is the cost).
        # With the id, which a PostgreSQL index does not hold otherwise (SQLite's does).
        sa.Index("ix_reflection_log_submitted", "submitted_at", "status", "posting_id", "id"),
        # A report's page reads the report and its later versions (id = ? OR parent_id = ?).
        sa.Index("ix_reflection_log_parent_id", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("posting.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # A new version of, or addendum to, an earlier submitted report.
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reflection_log.id"))
    kind: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    report_date: Mapped[date]  # the date the report speaks for
    period_start_date: Mapped[date | None]
    period_end_date: Mapped[date | None]
    body: Mapped[str] = mapped_column(sa.Text)  # Markdown
    tags: Mapped[str] = mapped_column(sa.String(200), default="")  # comma-separated
    status: Mapped[str] = mapped_column(sa.String(16), default=ReportStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    posting: Mapped["Posting"] = relationship()
    author: Mapped["User"] = relationship()
    parent: Mapped["ReflectionLog | None"] = relationship(remote_side=[id])
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="report", order_by="Comment.created_at"
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class FiledPeriods(Model):
    """A posting's submitted reports, summarised: character k - 1 of ``periods`` is "2"
    when period k (``schedule`` numbers them) has a report submitted by its due date, "1"
    when it has only late ones, "0" when none; ``final_submitted`` is the local day the
    first final summary was submitted.

    Kept by ``exchange.reports.filing`` in the transaction that submits a report or
    changes what numbers the periods, for the counts that a list or the dashboard shows;
    a posting with nothing submitted has no row."""

    __tablename__ = "report_filed_periods"

    posting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("posting.id", ondelete="CASCADE"), primary_key=True
    )
    periods: Mapped[str] = mapped_column(sa.Text)
    final_submitted: Mapped[date | None]

    posting: Mapped["Posting"] = relationship(viewonly=True)


class ReportGap(Model):
    """A posting's reports expected and not filed (``exchange.reports.gaps``): the days
    they fall due (ISO days, comma-separated, oldest first), the day the posting leaves
    the overdue count (None while in post) and its two districts, as last added to
    ``ReportGapDay``. A posting with no such report has no row.

    No foreign key: the summary is removed with its posting by ``gaps``, which must read
    it first to take its part out of the days."""

    __tablename__ = "report_gap"

    posting_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    home_district_id: Mapped[int]
    host_district_id: Mapped[int]
    due_days: Mapped[str] = mapped_column(sa.Text)
    leaves_on: Mapped[date | None]

    posting: Mapped["Posting"] = relationship(
        primaryjoin="foreign(ReportGap.posting_id) == Posting.id", viewonly=True
    )


class ReportGapDay(Model):
    """Per district and day, reports expected and not filed that fall due that day
    (``due``), and those of postings leaving the overdue count that day (``leaving``);
    district 0 is the whole region. Kept by ``exchange.reports.gaps``."""

    __tablename__ = "report_gap_day"

    district_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(primary_key=True)
    due: Mapped[int] = mapped_column(default=0)
    leaving: Mapped[int] = mapped_column(default=0)


class CommentKind(RichEnum):
    COMMENT = "comment"  # 点评: HR review comment
    REMARK = "remark"  # 批示: leadership remark

    __labels__ = {COMMENT: _l("Comment"), REMARK: _l("Leadership remark")}


class Comment(Model):
    __tablename__ = "comment"
    __table_args__ = (
        check_in("kind", CommentKind, name="valid_kind"),
        # A report's comments; whether it has a 批示 (the leaders' to-do) from the index alone.
        sa.Index("ix_comment_report_kind", "report_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("reflection_log.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(sa.String(16), default=CommentKind.COMMENT)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[ReflectionLog] = relationship(back_populates="comments")
    author: Mapped["User"] = relationship()
