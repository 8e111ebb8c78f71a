"""Leave requests, their approval steps, and the programme's approval tiers."""

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
    from exchange.programmes.models import Programme


class LeaveKind(RichEnum):
    PERSONAL = "personal"  # 事假
    SICK = "sick"  # 病假
    ANNUAL = "annual"  # 年休假
    FAMILY_VISIT = "family_visit"  # 探亲假
    MARRIAGE_BEREAVEMENT = "marriage_bereavement"  # 婚丧假

    __labels__ = {
        "personal": _l("Personal leave"),
        "sick": _l("Sick leave"),
        "annual": _l("Annual leave"),
        "family_visit": _l("Family visit leave"),
        "marriage_bereavement": _l("Marriage or bereavement leave"),
    }


class LeaveStatus(RichEnum):
    PENDING = "pending"  # 待审批
    APPROVED = "approved"  # 已批准
    DECLINED = "declined"  # 未批准
    WITHDRAWN = "withdrawn"  # 已撤回
    RETURNED = "returned"  # 已销假

    __labels__ = {
        "pending": _l("Awaiting approval"),
        "approved": _l("Approved"),
        "declined": _l("Not approved"),
        "withdrawn": _l("Withdrawn"),
        "returned": _l("Reported back"),
    }
    __badges__ = {
        "pending": "text-bg-warning",
        "approved": "text-bg-success",
        "declined": "text-bg-secondary",
        "withdrawn": "text-bg-light",
        "returned": "text-bg-primary",
    }


#: Leave in these states holds its days: another leave may not overlap it.
HOLDING_LEAVE = (LeaveStatus.PENDING, LeaveStatus.APPROVED, LeaveStatus.RETURNED)
#: Leave in these states counts as approved absence (attendance sheets fill it in).
GRANTED_LEAVE = (LeaveStatus.APPROVED, LeaveStatus.RETURNED)


class ApproverSide(RichEnum):
    HOST = "host"  # 接收地组织人事部门
    HOME = "home"  # 派出地组织人事部门
    COORDINATOR = "coordinator"  # 牵头组织部 (the administrator)

    __labels__ = {
        "host": _l("Host HR"),
        "home": _l("Home HR"),
        "coordinator": _l("Coordinating organisation department"),
    }


class Decision(RichEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    SKIPPED = "skipped"  # not reached: an earlier step declined, or the leave was withdrawn

    __labels__ = {
        "pending": _l("Waiting"),
        "approved": _l("Approved"),
        "declined": _l("Not approved"),
        "skipped": _l("Not reached"),
    }
    __badges__ = {
        "pending": "text-bg-warning",
        "approved": "text-bg-success",
        "declined": "text-bg-danger",
        "skipped": "text-bg-light",
    }


class LeaveTier(Model):
    """Who approves leave up to ``up_to_days`` working days (no limit when empty), in order."""

    __tablename__ = "leave_tier"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "up_to_days", name="uq_leave_tier_limit"),
        sa.CheckConstraint("up_to_days IS NULL OR up_to_days > 0", name="positive_limit"),
        check_in("first_approver", ApproverSide, "valid_first"),
        check_in("second_approver", ApproverSide, "valid_second", nullable=True),
        check_in("third_approver", ApproverSide, "valid_third", nullable=True),
        sa.CheckConstraint(
            "third_approver IS NULL OR second_approver IS NOT NULL", name="steps_in_order"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    up_to_days: Mapped[Decimal | None] = mapped_column(sa.Numeric(4, 1))
    first_approver: Mapped[str] = mapped_column(sa.String(16))
    second_approver: Mapped[str | None] = mapped_column(sa.String(16))
    third_approver: Mapped[str | None] = mapped_column(sa.String(16))
    source: Mapped[str] = mapped_column(sa.Text, default="")  # 依据

    programme: Mapped["Programme"] = relationship()

    @property
    def approvers(self) -> list[str]:
        return [
            side
            for side in (self.first_approver, self.second_approver, self.third_approver)
            if side
        ]


class Leave(Model):
    """One request for leave during a posting (请假), and its report back (销假)."""

    __tablename__ = "leave_request"
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="valid_dates"),
        sa.CheckConstraint(
            "NOT (start_date = end_date AND start_half AND end_half)", name="not_empty"
        ),
        sa.CheckConstraint(
            "returned_date IS NULL OR returned_date >= start_date", name="valid_return"
        ),
        sa.CheckConstraint(
            "status <> 'returned' OR returned_date IS NOT NULL", name="returned_has_date"
        ),
        check_in("kind", LeaveKind, "valid_kind"),
        check_in("status", LeaveStatus, "valid_status"),
        sa.Index("ix_leave_request_posting_dates", "posting_id", "start_date"),
        # The leave list's order (newest first), read by keyset: a page reads its rows.
        sa.Index("ix_leave_request_start_id", "start_date", "id"),
        # The requests waiting for a decision, which the bell counts on every page of an
        # approver: a few hundred of a region's tens of thousands (PostgreSQL read them
        # all to find them, 12 ms on every page of an HR officer).
        sa.Index(
            "ix_leave_request_pending",
            "id",
            "posting_id",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("posting.id"))
    kind: Mapped[str] = mapped_column(sa.String(24))
    start_date: Mapped[date]
    start_half: Mapped[bool] = mapped_column(default=False)  # starts at noon
    end_date: Mapped[date]
    end_half: Mapped[bool] = mapped_column(default=False)  # ends at noon
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default=LeaveStatus.PENDING)
    rule_source: Mapped[str] = mapped_column(sa.Text, default="")  # the tier's 依据, as applied
    returned_date: Mapped[date | None]  # 销假: the first day back at work
    reported_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    posting: Mapped["Posting"] = relationship()
    requested_by: Mapped["User | None"] = relationship()
    approvals: Mapped[list["LeaveApproval"]] = relationship(
        back_populates="leave", order_by="LeaveApproval.step", cascade="all, delete-orphan"
    )

    @property
    def current_step(self) -> "LeaveApproval | None":
        """The first step still waiting, while the leave waits for approval."""
        if self.status != LeaveStatus.PENDING:
            return None
        return next((a for a in self.approvals if a.decision == Decision.PENDING), None)

    def half_days(self) -> tuple[int, int]:
        """The leave as half-day slots (morning = 2·ordinal, afternoon = 2·ordinal + 1)."""
        first = self.start_date.toordinal() * 2 + (1 if self.start_half else 0)
        last = self.end_date.toordinal() * 2 + (0 if self.end_half else 1)
        return first, last

    def __str__(self) -> str:
        return f"{self.posting.cadre} · {self.start_date.isoformat()}–{self.end_date.isoformat()}"


class LeaveApproval(Model):
    """One step of a leave's approval chain, copied from the tier when the leave is asked."""

    __tablename__ = "leave_approval"
    __table_args__ = (
        sa.UniqueConstraint("leave_id", "step", name="uq_leave_approval_step"),
        # The approvers' queue starts from the steps still waiting: a few among thousands,
        # and of those, the steps on the approver's side (the bell counts them on each page).
        sa.Index("ix_leave_approval_waiting", "decision", "side", "leave_id"),
        check_in("side", ApproverSide, "valid_side"),
        check_in("decision", Decision, "valid_decision"),
        sa.CheckConstraint(
            "decision IN ('pending', 'skipped') OR decided_at IS NOT NULL", name="decided_has_time"
        ),
        sa.CheckConstraint("decision <> 'declined' OR reason <> ''", name="decline_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    leave_id: Mapped[int] = mapped_column(
        sa.ForeignKey("leave_request.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[int]
    side: Mapped[str] = mapped_column(sa.String(16))
    decision: Mapped[str] = mapped_column(sa.String(16), default=Decision.PENDING)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    leave: Mapped[Leave] = relationship(back_populates="approvals")
    decided_by: Mapped["User | None"] = relationship()
