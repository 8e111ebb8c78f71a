"""Talks and visits, and each programme's cadence rule per side."""

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


class TalkSide(RichEnum):
    HOME = "home"  # 派出单位
    HOST = "host"  # 接收单位

    __labels__ = {"home": _l("Home side"), "host": _l("Host side")}


class TalkMode(RichEnum):
    IN_PERSON = "in_person"  # 面谈
    PHONE = "phone"  # 电话
    SITE_VISIT = "site_visit"  # 实地走访

    __labels__ = {
        "in_person": _l("Face to face"),
        "phone": _l("Telephone"),
        "site_visit": _l("Site visit"),
    }


class TalkRule(Model):
    """At least one talk by ``side`` every ``every_months`` months (calendar periods)."""

    __tablename__ = "talk_rule"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "side", name="uq_talk_rule_side"),
        check_in("side", TalkSide, "valid_side"),
        sa.CheckConstraint(
            "every_months BETWEEN 1 AND 12 AND 12 % every_months = 0", name="divides_year"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(sa.String(8))
    every_months: Mapped[int]
    source: Mapped[str] = mapped_column(sa.Text, default="")


class Talk(Model):
    """One talk or visit (谈心谈话 / 实地走访) with a seconded official."""

    __tablename__ = "talk"
    __table_args__ = (
        check_in("side", TalkSide, "valid_side"),
        check_in("mode", TalkMode, "valid_mode"),
        # A posting's talks by side and day: the bell's count of talks due reads which
        # periods hold a talk from this index alone.
        sa.Index("ix_talk_posting_side_date", "posting_id", "side", "talk_date"),
        # The talk list's order (newest first): a page read from it, not sorted.
        sa.Index("ix_talk_date_id", "talk_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("posting.id"))
    side: Mapped[str] = mapped_column(sa.String(8))
    talk_date: Mapped[date]
    mode: Mapped[str] = mapped_column(sa.String(16))
    participants: Mapped[str] = mapped_column(sa.String(300))
    topics: Mapped[str] = mapped_column(sa.Text, default="")
    issues: Mapped[str] = mapped_column(sa.Text, default="")  # 反映的问题
    follow_up: Mapped[str] = mapped_column(sa.Text, default="")  # 跟进措施
    shared: Mapped[bool] = mapped_column(default=False)  # the official may read the notes
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    posting: Mapped["Posting"] = relationship()
    recorded_by: Mapped["User | None"] = relationship()
