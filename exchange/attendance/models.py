"""Monthly attendance sheets, and each programme's attendance rule."""

from datetime import date, datetime
from decimal import Decimal
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

DAYS = sa.Numeric(4, 1)


class SheetStatus(RichEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"

    __labels__ = {"draft": _l("Draft"), "submitted": _l("Submitted")}
    __badges__ = {"draft": "text-bg-secondary", "submitted": "text-bg-success"}


class AttendanceRule(Model):
    """When sheets fall due (day of the next month) and the least share of days on site."""

    __tablename__ = "attendance_rule"
    __table_args__ = (
        sa.CheckConstraint("due_day BETWEEN 1 AND 28", name="valid_due_day"),
        sa.CheckConstraint("min_presence_percent BETWEEN 0 AND 100", name="valid_min_presence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), unique=True
    )
    due_day: Mapped[int] = mapped_column(default=5)
    due_source: Mapped[str] = mapped_column(sa.Text, default="")
    min_presence_percent: Mapped[int] = mapped_column(default=90)
    presence_source: Mapped[str] = mapped_column(sa.Text, default="")


class AttendanceSheet(Model):
    """One month of one posting: days on site, on leave, travelling, absent without leave."""

    __tablename__ = "attendance_sheet"
    __table_args__ = (
        sa.UniqueConstraint("posting_id", "month", name="uq_attendance_sheet_month"),
        # A posting's submitted months from the index alone: the bell's count of sheets
        # due and the list of them skip those months.
        sa.Index("ix_attendance_sheet_status", "posting_id", "status", "month"),
        # The sheet list's order (newest month first): a page read from it, not sorted.
        sa.Index("ix_attendance_sheet_month_id", "month", "id"),
        sa.CheckConstraint(
            "days_on_site >= 0 AND days_on_leave >= 0 AND days_travel >= 0 AND days_absent >= 0",
            name="non_negative",
        ),
        sa.CheckConstraint(
            "days_on_site + days_on_leave + days_travel + days_absent <= 31", name="fits_month"
        ),
        check_in("status", SheetStatus, "valid_status"),
        sa.CheckConstraint(
            "status <> 'submitted' OR submitted_at IS NOT NULL", name="submitted_has_time"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("posting.id"), index=True)
    month: Mapped[date]  # the first day of the month
    days_on_site: Mapped[Decimal] = mapped_column(DAYS, default=0)
    days_on_leave: Mapped[Decimal] = mapped_column(DAYS, default=0)
    days_travel: Mapped[Decimal] = mapped_column(DAYS, default=0)  # 出差
    days_absent: Mapped[Decimal] = mapped_column(DAYS, default=0)  # 无故缺勤
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(16), default=SheetStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    posting: Mapped["Posting"] = relationship()
    submitted_by: Mapped["User | None"] = relationship()

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED

    @property
    def present_days(self) -> Decimal:
        """Days at work for the host: on site or on its business travel."""
        return self.days_on_site + self.days_travel
