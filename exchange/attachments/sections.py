"""The attachments section on the posting, programme and report pages."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from exchange import policy
from exchange.attachments.forms import UploadForm
from exchange.attachments.models import Attachment
from exchange.extensions import db
from exchange.web import sections

_COLUMN = {
    "posting": Attachment.posting_id,
    "programme": Attachment.programme_id,
    "report": Attachment.report_id,
}


def documents(user, record_type: str, record) -> list[list[Attachment]]:
    """The record's documents, each as its versions newest first."""
    rows = db.session.scalars(
        sa.select(Attachment)
        .where(_COLUMN[record_type] == record.id, policy.attachment_scope(user))
        .options(selectinload(Attachment.uploaded_by))
        .order_by(Attachment.uploaded_at, Attachment.id)
    ).all()
    newer = {a.previous_id: a for a in rows if a.previous_id is not None}
    docs = []
    for attachment in rows:
        if attachment.id in newer:
            continue  # an older version; it is listed under its latest
        chain = [attachment]
        while chain[-1].previous_id is not None:
            older = next((a for a in rows if a.id == chain[-1].previous_id), None)
            if older is None:
                break
            chain.append(older)
        docs.append(chain)
    return docs


def _loader(record_type: str):
    def load(user, record):
        if not policy.can_view_attachments(user, record_type, record):
            return None
        can_add = policy.can_add_attachment(user, record_type, record)
        return {
            "record_type": record_type,
            "record": record,
            "documents": documents(user, record_type, record),
            "can_add": can_add,
            "form": UploadForm(formdata=None).for_record(record_type) if can_add else None,
        }

    return load


for _type in ("posting", "programme", "report"):
    sections.add(_type, "attachments/_section.html", _loader(_type), order=60)
