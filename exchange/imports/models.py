"""Import runs: an uploaded spreadsheet, its preview, and whether it was written."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db import UTCDateTime, utcnow
from exchange.enums import RichEnum, check_in
from exchange.extensions import Model

if TYPE_CHECKING:
    from exchange.auth.models import User


class ImportKind(RichEnum):
    CADRES = "cadres"
    POSTINGS = "postings"
    APPRAISALS = "appraisals"

    __labels__ = {
        "cadres": _l("Cadres"),
        "postings": _l("Postings"),
        "appraisals": _l("Annual appraisal results"),
    }


class ImportStatus(RichEnum):
    PREVIEWED = "previewed"  # read and checked; nothing written yet
    REFUSED = "refused"  # the file as a whole cannot be read
    IMPORTED = "imported"  # confirmed and written
    DISCARDED = "discarded"

    __labels__ = {
        "previewed": _l("Preview"),
        "refused": _l("Refused"),
        "imported": _l("Imported"),
        "discarded": _l("Discarded"),
    }
    __badges__ = {
        "previewed": "text-bg-warning",
        "refused": "text-bg-danger",
        "imported": "text-bg-success",
        "discarded": "text-bg-secondary",
    }


class ImportRun(Model):
    __tablename__ = "import_run"
    __table_args__ = (
        check_in("kind", ImportKind, "valid_kind"),
        check_in("status", ImportStatus, "valid_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(16), default=ImportStatus.PREVIEWED)
    filename: Mapped[str] = mapped_column(sa.String(200))
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    size: Mapped[int]
    # The uploaded file in the file store until it is imported or discarded.
    staged_key: Mapped[str | None] = mapped_column(sa.String(80))
    # Why the file as a whole was refused: [[code, message], ...]
    file_problems: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    # One entry per data row: {"n", "label", "action", "detail", "problems"}
    rows: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    counts: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("district.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped["User"] = relationship()

    @property
    def problem_count(self) -> int:
        return int((self.counts or {}).get("problem", 0)) + len(self.file_problems or [])

    @property
    def can_confirm(self) -> bool:
        return self.status == ImportStatus.PREVIEWED and self.problem_count == 0 and bool(self.rows)

    @property
    def kind_label(self) -> str:
        member = ImportKind.coerce(self.kind)
        return member.label if member else self.kind

    @property
    def status_label(self) -> str:
        member = ImportStatus.coerce(self.status)
        return member.label if member else self.status

    @property
    def status_badge(self) -> str:
        member = ImportStatus.coerce(self.status)
        return member.badge if member else "text-bg-light"
