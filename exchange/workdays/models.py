"""The holiday table: each row a day that is not what its weekday says."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model


class DayKind(RichEnum):
    HOLIDAY = "holiday"  # 放假
    WORKDAY = "workday"  # 调休上班: a weekend day made a working day

    __labels__ = {"holiday": _l("Holiday"), "workday": _l("Working weekend day")}
    __badges__ = {"holiday": "text-bg-danger", "workday": "text-bg-secondary"}


class CalendarDay(Model):
    __tablename__ = "calendar_day"
    __table_args__ = (check_in("kind", DayKind, "valid_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(40), default="")  # 春节, 国庆节 ...
    source: Mapped[str] = mapped_column(sa.String(200), default="")  # the notice it comes from
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
