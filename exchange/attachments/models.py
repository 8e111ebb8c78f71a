"""Attachments (附件): documents kept on a posting, a programme or a report.

Each row is one version of one document; a new version points to the one it
replaces (``previous_id``), and the older versions stay. The bytes live in the file
store under a random key; the row holds what the user and the audit need.
"""

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
    from exchange.programmes.models import Programme
    from exchange.reports.models import ReflectionLog


class AttachmentKind(RichEnum):
    DISPATCH_LETTER = "dispatch_letter"  # 派遣函
    APPOINTMENT_NOTICE = "appointment_notice"  # 任职通知
    AGREEMENT = "agreement"  # 协议书
    APPRAISAL_FORM = "appraisal_form"  # 鉴定表（签字盖章）
    SUMMARY = "summary"  # 总结
    PROGRAMME_AGREEMENT = "programme_agreement"  # 互派协议
    BATCH_NOTICE = "batch_notice"  # 批次通知
    PHOTO = "photo"  # 活动照片
    SIGNED_COPY = "signed_copy"  # 签字版
    OTHER = "other"

    __labels__ = {
        "dispatch_letter": _l("Dispatch letter (派遣函)"),
        "appointment_notice": _l("Appointment notice (任职通知)"),
        "agreement": _l("Agreement (协议书)"),
        "appraisal_form": _l("Signed appraisal form (鉴定表)"),
        "summary": _l("Summary (总结)"),
        "programme_agreement": _l("Exchange agreement (互派协议)"),
        "batch_notice": _l("Round notice (批次通知)"),
        "photo": _l("Photo of an activity"),
        "signed_copy": _l("Signed copy (PDF)"),
        "other": _l("Other document"),
    }


# The kinds each record offers, in the order the form lists them.
KINDS_OF = {
    "posting": (
        AttachmentKind.DISPATCH_LETTER,
        AttachmentKind.APPOINTMENT_NOTICE,
        AttachmentKind.AGREEMENT,
        AttachmentKind.APPRAISAL_FORM,
        AttachmentKind.SUMMARY,
        AttachmentKind.OTHER,
    ),
    "programme": (
        AttachmentKind.PROGRAMME_AGREEMENT,
        AttachmentKind.BATCH_NOTICE,
        AttachmentKind.OTHER,
    ),
    "report": (AttachmentKind.PHOTO, AttachmentKind.SIGNED_COPY, AttachmentKind.OTHER),
}


class Attachment(Model):
    __tablename__ = "attachment"
    __table_args__ = (
        check_in("kind", AttachmentKind, "valid_kind"),
        sa.CheckConstraint(
            "(CASE WHEN posting_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN programme_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN report_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_record",
        ),
        sa.CheckConstraint("size >= 0", name="non_negative_size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    programme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    report_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reflection_log.id", ondelete="CASCADE"), index=True
    )
    previous_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attachment.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(24))
    title: Mapped[str] = mapped_column(sa.String(200))
    doc_number: Mapped[str] = mapped_column(sa.String(80), default="")  # 文号
    doc_date: Mapped[date | None]
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))  # sniffed from the bytes
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    posting: Mapped["Posting | None"] = relationship()
    programme: Mapped["Programme | None"] = relationship()
    report: Mapped["ReflectionLog | None"] = relationship()
    previous: Mapped["Attachment | None"] = relationship(remote_side=[id])
    uploaded_by: Mapped["User | None"] = relationship()

    @property
    def record_type(self) -> str:
        if self.posting_id is not None:
            return "posting"
        if self.programme_id is not None:
            return "programme"
        return "report"

    @property
    def record(self):
        return self.posting or self.programme or self.report

    @property
    def record_label(self) -> str:
        record = self.record
        return record.title if self.record_type == "report" else str(record)

    @property
    def kind_label(self) -> str:
        member = AttachmentKind.coerce(self.kind)
        return member.label if member else self.kind
