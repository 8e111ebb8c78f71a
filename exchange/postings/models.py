"""Postings (挂职): one cadre serving a term in a host department of another district.

The posting-status vocabulary is written here once: the statuses with their labels and
badge classes, the named sets of statuses the features ask about, and the transition
table that the services and the action buttons read.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model

if TYPE_CHECKING:
    from exchange.auth.models import User
    from exchange.cadres.models import Cadre
    from exchange.org.models import Department, District
    from exchange.programmes.models import Programme


class PostingStatus(RichEnum):
    PROPOSED = "proposed"  # 拟派: home district proposed, host has not answered
    ACCEPTED = "accepted"  # 已接收: host district accepted, not started yet
    DECLINED = "declined"  # 未接收
    ACTIVE = "active"  # 在岗
    COMPLETED = "completed"  # 期满
    ENDED_EARLY = "ended_early"  # 提前结束
    CANCELLED = "cancelled"  # 已取消

    __labels__ = {
        PROPOSED: _l("Proposed"),
        ACCEPTED: _l("Accepted"),
        DECLINED: _l("Declined"),
        ACTIVE: _l("In post"),
        COMPLETED: _l("Completed"),
        ENDED_EARLY: _l("Ended early"),
        CANCELLED: _l("Cancelled"),
    }
    __badges__ = {
        PROPOSED: "text-bg-warning",
        ACCEPTED: "text-bg-info",
        DECLINED: "text-bg-secondary",
        ACTIVE: "text-bg-success",
        COMPLETED: "text-bg-primary",
        ENDED_EARLY: "text-bg-dark",
        CANCELLED: "text-bg-secondary",
    }


# The named sets of statuses: every feature asks these, none writes its own list.

#: Hold the cadre: a cadre's postings in these states never overlap (the current posting).
HOLDING_STATUSES = (PostingStatus.PROPOSED, PostingStatus.ACCEPTED, PostingStatus.ACTIVE)
#: The term is over (期满 or 提前结束).
FINISHED_STATUSES = (PostingStatus.COMPLETED, PostingStatus.ENDED_EARLY)
#: Count against a programme's quota, in the reciprocity ledger and in a career's months:
#: every posting that was not declined or cancelled.
QUOTA_STATUSES = (*HOLDING_STATUSES, *FINISHED_STATUSES)
#: Agreed by both sides (accepted, in post or finished): a flow between districts.
AGREED_STATUSES = (PostingStatus.ACCEPTED, PostingStatus.ACTIVE, *FINISHED_STATUSES)
#: Have a reporting schedule and take reports: exactly the agreed postings.
REPORTABLE_STATUSES = AGREED_STATUSES
#: Time really served: in post now or finished (résumé lines, career days, "in post on").
SERVED_STATUSES = (PostingStatus.ACTIVE, *FINISHED_STATUSES)


#: The order a posting moves through (拟派, 已接收, 在岗, 期满, 提前结束, then the two that
#: never served: 未接收, 已取消): lists sort statuses this way, not by their codes.
WORKFLOW_ORDER = (
    PostingStatus.PROPOSED,
    PostingStatus.ACCEPTED,
    PostingStatus.ACTIVE,
    PostingStatus.COMPLETED,
    PostingStatus.ENDED_EARLY,
    PostingStatus.DECLINED,
    PostingStatus.CANCELLED,
)


class Transition(NamedTuple):
    sources: tuple[PostingStatus, ...]  # the statuses the action may start from
    target: PostingStatus | None  # the status it leads to (None: the status stays)
    done: object  # the action's past participle, for refusals ("cannot be accepted")


#: The posting's state machine: the only place a transition's allowed states are written.
TRANSITIONS: dict[str, Transition] = {
    "accept": Transition((PostingStatus.PROPOSED,), PostingStatus.ACCEPTED, _l("accepted")),
    "decline": Transition((PostingStatus.PROPOSED,), PostingStatus.DECLINED, _l("declined")),
    "start": Transition((PostingStatus.ACCEPTED,), PostingStatus.ACTIVE, _l("started")),
    "extend": Transition((PostingStatus.ACCEPTED, PostingStatus.ACTIVE), None, _l("extended")),
    "end_early": Transition((PostingStatus.ACTIVE,), PostingStatus.ENDED_EARLY, _l("ended early")),
    "cancel": Transition(
        (PostingStatus.PROPOSED, PostingStatus.ACCEPTED), PostingStatus.CANCELLED, _l("cancelled")
    ),
    "complete": Transition((PostingStatus.ACTIVE,), PostingStatus.COMPLETED, _l("completed")),
}


_DISTRICT_COVER = ("status", "start_date", "planned_end_date", "actual_end_date", "programme_id")


class Posting(Model):
    __tablename__ = "posting"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["home_department_id", "home_district_id"],
            ["department.id", "department.district_id"],
            name="fk_posting_home_department",
        ),
        sa.ForeignKeyConstraint(
            ["host_department_id", "host_district_id"],
            ["department.id", "department.district_id"],
            name="fk_posting_host_department",
        ),
        sa.CheckConstraint("host_district_id <> home_district_id", name="crosses_districts"),
        sa.CheckConstraint("planned_end_date > start_date", name="valid_term"),
        sa.CheckConstraint(
            "actual_end_date IS NULL OR actual_end_date >= start_date", name="valid_actual_end"
        ),
        check_in("status", PostingStatus, name="valid_status"),
        # A cadre's postings (by status); with the start, a search's matches are sorted
        # into the roster's order from the index alone, never reading the rows.
        sa.Index("ix_posting_cadre_start_status", "cadre_id", "start_date", "status"),
        sa.Index("ix_posting_dates", "start_date", "planned_end_date"),
        # The roster's and the lists' default order (start, id), read by keyset.
        sa.Index("ix_posting_start_id", "start_date", "id"),
        # The dashboard's counts read these indexes alone, never the table.
        sa.Index(
            "ix_posting_start_cover",
            "start_date",
            "status",
            "programme_id",
            "home_district_id",
            "host_district_id",
        ),
        sa.Index(
            "ix_posting_directions",
            "programme_id",
            "home_district_id",
            "host_district_id",
            "status",
        ),
        # Never an index led by the status: without statistics SQLite takes "status IN
        # (...)" for a selective equality and reads nearly every posting through it.
        # The dashboard's "in post" and "ending soon" counts, from the index alone.
        sa.Index(
            "ix_posting_ends_status",
            "planned_end_date",
            "status",
            "start_date",
            "actual_end_date",
            "home_district_id",
            "host_district_id",
        ),
        # The department filter and the roster's search by department name.
        # A district's postings, as HR's lists and the bell's counts test them (status,
        # dates, programme), from the index alone: one for each side of the exchange.
        # With the cadre: a district's officials (its cadre list) from the index alone.
        sa.Index(
            "ix_posting_home_cover",
            "home_district_id",
            *_DISTRICT_COVER,
            "host_district_id",
            "cadre_id",
        ),
        sa.Index(
            "ix_posting_host_cover",
            "host_district_id",
            *_DISTRICT_COVER,
            "home_district_id",
            "cadre_id",
        ),
        sa.Index("ix_posting_home_department", "home_department_id"),
        sa.Index("ix_posting_host_department", "host_department_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(sa.ForeignKey("cadre.id"))
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programme.id"), index=True)
    home_district_id: Mapped[int] = mapped_column(sa.ForeignKey("district.id"))
    home_department_id: Mapped[int] = mapped_column()
    home_position: Mapped[str] = mapped_column(sa.String(120))  # 原单位职务
    host_district_id: Mapped[int] = mapped_column(sa.ForeignKey("district.id"))
    host_department_id: Mapped[int] = mapped_column()
    host_position: Mapped[str] = mapped_column(sa.String(120))  # 挂职职务
    portfolio: Mapped[str] = mapped_column(sa.String(200), default="")  # 分管/联系工作
    start_date: Mapped[date]
    planned_end_date: Mapped[date]
    actual_end_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(16), default=PostingStatus.PROPOSED)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")  # why declined / cancelled
    end_reason: Mapped[str] = mapped_column(sa.Text, default="")  # 提前结束原因
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    cadre: Mapped["Cadre"] = relationship(back_populates="postings")
    programme: Mapped["Programme"] = relationship()
    home_district: Mapped["District"] = relationship(foreign_keys=[home_district_id])
    host_district: Mapped["District"] = relationship(foreign_keys=[host_district_id])
    home_department: Mapped["Department"] = relationship(
        primaryjoin="Posting.home_department_id == Department.id",
        foreign_keys=[home_department_id],
    )
    host_department: Mapped["Department"] = relationship(
        primaryjoin="Posting.host_department_id == Department.id",
        foreign_keys=[host_department_id],
    )
    proposed_by: Mapped["User | None"] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id])
    extensions: Mapped[list["Extension"]] = relationship(
        back_populates="posting", order_by="Extension.created_at"
    )
    term_changes: Mapped[list["TermChangeRequest"]] = relationship(
        back_populates="posting", order_by="TermChangeRequest.id"
    )

    @validates("home_department")
    def _home_district_follows(self, key, department):
        self.home_district_id = department.district_id
        return department

    @validates("host_department")
    def _host_district_follows(self, key, department):
        self.host_district_id = department.district_id
        return department

    @hybrid_property
    def end_date(self) -> date:
        """The day the posting ended or is planned to end; in SQL, the same as a COALESCE."""
        return self.actual_end_date or self.planned_end_date

    @end_date.inplace.expression
    @classmethod
    def _end_date_expression(cls) -> sa.ColumnElement[date]:
        return sa.func.coalesce(cls.actual_end_date, cls.planned_end_date)

    @property
    def is_holding(self) -> bool:
        return self.status in HOLDING_STATUSES

    @property
    def is_reportable(self) -> bool:
        return self.status in REPORTABLE_STATUSES

    def __str__(self) -> str:
        return f"{self.cadre} · {self.host_position}"


class Extension(Model):
    """延期: a later planned end, with the reason, kept as history."""

    __tablename__ = "extension"
    __table_args__ = (
        sa.CheckConstraint("new_planned_end_date > previous_planned_end_date", name="moves_later"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("posting.id"), index=True)
    previous_planned_end_date: Mapped[date]
    new_planned_end_date: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    posting: Mapped[Posting] = relationship(back_populates="extensions")
    created_by: Mapped["User | None"] = relationship()


class TermChangeKind(RichEnum):
    EXTENSION = "extension"  # 延期
    EARLY_END = "early_end"  # 提前结束
    RECALL = "recall"  # 召回

    __labels__ = {
        EXTENSION: _l("Extension (延期)"),
        EARLY_END: _l("Early end (提前结束)"),
        RECALL: _l("Recall (召回)"),
    }


#: The kinds that end the posting before its planned end.
ENDING_KINDS = (TermChangeKind.EARLY_END, TermChangeKind.RECALL)


class EndCategory(RichEnum):
    """Why a posting ends early or the cadre is recalled."""

    TASKS_DONE = "tasks_done"
    HEALTH = "health"
    FAMILY = "family"
    HOME_NEED = "home_need"
    POOR_PERFORMANCE = "poor_performance"

    __labels__ = {
        TASKS_DONE: _l("Tasks completed"),
        HEALTH: _l("Health"),
        FAMILY: _l("Family"),
        HOME_NEED: _l("Needed by the home unit"),
        POOR_PERFORMANCE: _l("Poor performance (召回)"),
    }


class TermChangeStatus(RichEnum):
    PENDING = "pending"  # waiting for the other side
    AGREED = "agreed"  # the other side consented, or the admin decided
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    __labels__ = {
        PENDING: _l("Waiting for consent"),
        AGREED: _l("Agreed"),
        DECLINED: _l("Not agreed"),
        WITHDRAWN: _l("Withdrawn"),
    }
    __badges__ = {
        PENDING: "text-bg-warning",
        AGREED: "text-bg-success",
        DECLINED: "text-bg-secondary",
        WITHDRAWN: "text-bg-light",
    }


class TermChangeSide(RichEnum):
    """Who asked: one side of the posting, or the coordinating 组织部 (the admin) directly."""

    HOME = "home"
    HOST = "host"
    ADMIN = "admin"

    __labels__ = {
        HOME: _l("Home side"),
        HOST: _l("Host side"),
        ADMIN: _l("Coordinating department (admin)"),
    }


class TermChangeRequest(Model):
    """A change of a posting's term asked by one side; it takes effect when the other agrees.

    ``new_end_date`` is the new planned end of an extension, or the last day in post of an
    early end or recall (which may lie ahead: the daily job ends the posting that day).
    ``applied_at`` is when the change reached the posting.
    """

    __tablename__ = "term_change_request"
    __table_args__ = (
        check_in("kind", TermChangeKind, name="valid_kind"),
        check_in("status", TermChangeStatus, name="valid_status"),
        check_in("side", TermChangeSide, name="valid_side"),
        check_in("category", EndCategory, name="valid_category", nullable=True),
        sa.CheckConstraint("(kind = 'extension') = (category IS NULL)", name="category_for_ending"),
        sa.CheckConstraint("applied_at IS NULL OR status = 'agreed'", name="applied_when_agreed"),
        # The few requests waiting for consent (the bell's count), not a district's postings.
        sa.Index("ix_term_change_request_status", "status", "posting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("posting.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    side: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[str] = mapped_column(sa.String(16), default=TermChangeStatus.PENDING)
    previous_end_date: Mapped[date]  # the planned end when asked
    new_end_date: Mapped[date]
    category: Mapped[str | None] = mapped_column(sa.String(24))
    reason: Mapped[str] = mapped_column(sa.Text)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    posting: Mapped[Posting] = relationship(back_populates="term_changes")
    requested_by: Mapped["User | None"] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_pending(self) -> bool:
        return self.status == TermChangeStatus.PENDING

    @property
    def is_open(self) -> bool:
        """Still to act on: waiting for consent, or an agreed end not reached yet."""
        return self.is_pending or (
            self.status == TermChangeStatus.AGREED and self.applied_at is None
        )

    @property
    def is_ending(self) -> bool:
        return self.kind in ENDING_KINDS

    @property
    def other_side(self) -> str | None:
        """The side whose consent the request waits for (None for the admin's own)."""
        return {
            TermChangeSide.HOME: TermChangeSide.HOST,
            TermChangeSide.HOST: TermChangeSide.HOME,
        }.get(TermChangeSide(self.side))


class PostingTally(Model):
    """How many postings there are of each programme, home and host district, status and
    month of start: the dashboard's flows, quota table and postings per month read these
    few thousand rows instead of every posting. Kept by ``exchange.postings.tally`` in
    the transaction that changes a posting; a key with no posting left keeps its row
    at 0."""

    __tablename__ = "posting_tally"
    __table_args__ = (
        # The flows of a year and the postings per month: a range of months.
        sa.Index(
            "ix_posting_tally_month",
            "start_month",
            "status",
            "programme_id",
            "home_district_id",
            "host_district_id",
            "postings",
        ),
        # SQLite: the rows kept in key order, so a GROUP BY by direction reads them alone.
        {"sqlite_with_rowid": False},
    )

    programme_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    home_district_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    host_district_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    start_month: Mapped[date] = mapped_column(primary_key=True)  # its first day
    postings: Mapped[int] = mapped_column(default=0)
