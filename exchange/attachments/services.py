"""Adding, versioning, reading and deleting attachments; each one an audit event.

Uploads are checked before anything is stored: the name (no path, no control
characters), the size, the type sniffed from the bytes against the accepted types and
the file's extension, and zip bombs in DOCX, XLSX and OFD. The bytes go to the file
store under a random key; if the request then rolls back, the stored file is removed
again, and a deleted attachment's file goes once the deletion is committed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import IO

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.attachments.models import KINDS_OF, Attachment
from exchange.audit.services import changes_of, record
from exchange.errors_domain import DomainError, NotAllowed, Reason
from exchange.extensions import db
from exchange.files import FileRefused, ZipLimits, check_filename, check_upload
from exchange.storage import after_commit, after_rollback, get_storage, new_key

ACCEPTED = ("pdf", "png", "jpeg", "gif", "webp", "docx", "xlsx", "ofd")


@dataclass(frozen=True)
class AttachmentData:
    kind: str
    title: str = ""
    doc_number: str = ""
    doc_date: date | None = None


@dataclass(frozen=True)
class Upload:
    filename: str | None
    stream: IO[bytes]


def _districts(record_type: str, target) -> tuple:
    if record_type == "posting":
        return (target.home_district_id, target.host_district_id)
    if record_type == "report":
        return (target.posting.home_district_id, target.posting.host_district_id)
    return tuple(d.id for d in target.districts[:2])


def _size_of(stream: IO[bytes]) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def _check_file(upload: Upload, field: str = "files"):
    name = check_filename(upload.filename, field)
    limit = current_app.config["ATTACHMENT_MAX_FILE_BYTES"]
    size = _size_of(upload.stream)
    if size == 0:
        raise FileRefused([(field, "empty_file", _l("The file %(name)s is empty.", name=name))])
    if size > limit:
        raise FileRefused(
            [
                (
                    field,
                    "file_too_large",
                    _l(
                        "The file %(name)s is larger than %(limit)d MB.",
                        name=name,
                        limit=limit // (1024 * 1024),
                    ),
                )
            ]
        )
    found = check_upload(upload.stream, name, ACCEPTED, ZipLimits(), field)
    digest = hashlib.sha256()
    while chunk := upload.stream.read(64 * 1024):
        digest.update(chunk)
    upload.stream.seek(0)
    return name, size, found, digest.hexdigest()


def _check_data(record_type: str, data: AttachmentData) -> None:
    reasons = []
    if data.kind not in {k.value for k in KINDS_OF[record_type]}:
        reasons.append(Reason("kind", "invalid_choice", _l("Choose the kind of document.")))
    if len(data.title or "") > 200:
        reasons.append(Reason("title", "too_long", _l("The title is longer than 200 characters.")))
    if len(data.doc_number or "") > 80:
        reasons.append(
            Reason(
                "doc_number", "too_long", _l("The document number is longer than 80 characters.")
            )
        )
    if reasons:
        raise DomainError(reasons)


def _store(upload: Upload, name: str) -> str:
    storage = get_storage()
    key = new_key("attachments")
    storage.save(key, upload.stream)
    after_rollback(db.session(), partial(storage.delete, key))
    return key


def _new(
    record_type, target, data: AttachmentData, upload: Upload, actor, previous=None
) -> Attachment:
    name, size, found, sha256 = _check_file(upload)
    attachment = Attachment(
        kind=data.kind,
        title=(data.title or "").strip() or name.rsplit(".", 1)[0][:200],
        doc_number=(data.doc_number or "").strip(),
        doc_date=data.doc_date,
        filename=name,
        content_type=found.mimetype,
        size=size,
        sha256=sha256,
        uploaded_by_id=getattr(actor, "id", None),
        previous=previous,
    )
    setattr(attachment, f"{record_type}_id", target.id)
    attachment.storage_key = _store(upload, name)
    db.session.add(attachment)
    changes = changes_of(attachment)
    changes.pop("storage_key", None)
    db.session.flush()
    record(
        "attachment.upload",
        attachment,
        actor=actor,
        changes=changes,
        summary=f"{attachment.title} · {name}",
        districts=_districts(record_type, target),
    )
    return attachment


def add_attachments(record_type: str, target, data: AttachmentData, uploads: list[Upload], actor):
    """Attach one or more files to ``record`` (a posting, programme or report)."""
    if not policy.can_add_attachment(actor, record_type, target):
        raise NotAllowed([Reason(None, "not_allowed", _l("You may not add documents here."))])
    _check_data(record_type, data)
    uploads = [u for u in uploads if u.filename or _size_of(u.stream)]
    if not uploads:
        raise DomainError([Reason("files", "no_file", _l("Choose a file."))])
    total = sum(_size_of(u.stream) for u in uploads)
    if total > current_app.config["ATTACHMENT_MAX_REQUEST_BYTES"]:
        raise FileRefused(
            [Reason("files", "request_too_large", _l("The files together are too large."))]
        )
    for upload in uploads:  # every file checked before the first is stored
        _check_file(upload)
    title = data.title if len(uploads) == 1 else ""
    return [
        _new(
            record_type,
            target,
            AttachmentData(data.kind, title or "", data.doc_number, data.doc_date),
            upload,
            actor,
        )
        for upload in uploads
    ]


def add_version(
    attachment: Attachment, uploads: list[Upload], actor, data: AttachmentData | None = None
) -> Attachment:
    """A new version of a document (one file); the earlier ones stay."""
    record_type, record_ = attachment.record_type, attachment.record
    if not policy.can_add_attachment(actor, record_type, record_):
        raise NotAllowed([Reason(None, "not_allowed", _l("You may not add documents here."))])
    if latest_version(attachment).id != attachment.id:
        raise DomainError(
            [Reason(None, "not_latest", _l("A newer version of this document exists."))]
        )
    uploads = [u for u in uploads if u.filename or _size_of(u.stream)]
    if len(uploads) != 1:
        raise DomainError([Reason("files", "one_file", _l("Choose one file."))])
    data = data or AttachmentData(
        attachment.kind, attachment.title, attachment.doc_number, attachment.doc_date
    )
    _check_data(record_type, data)
    return _new(record_type, record_, data, uploads[0], actor, previous=attachment)


def versions(attachment: Attachment) -> list[Attachment]:
    """Every version of the document, oldest first."""
    chain = [attachment]
    while chain[0].previous is not None:
        chain.insert(0, chain[0].previous)
    later = db.session.scalar(sa.select(Attachment).where(Attachment.previous_id == chain[-1].id))
    while later is not None:
        chain.append(later)
        later = db.session.scalar(sa.select(Attachment).where(Attachment.previous_id == later.id))
    return chain


def latest_version(attachment: Attachment) -> Attachment:
    return versions(attachment)[-1]


def record_download(attachment: Attachment, actor) -> None:
    """Downloads are in the audit trail too."""
    if not policy.can_view_attachment(actor, attachment):
        raise NotAllowed([Reason(None, "not_allowed", _l("You may not see this document."))])
    record(
        "attachment.download",
        attachment,
        actor=actor,
        summary=f"{attachment.title} · {attachment.filename}",
        districts=_districts(attachment.record_type, attachment.record),
    )


def delete_attachment(attachment: Attachment, actor, reason: str) -> int:
    """Delete a document with every version, for a reason; the files go when this commits."""
    if not policy.can_delete_attachment(actor, attachment):
        raise NotAllowed([Reason(None, "not_allowed", _l("You may not delete this document."))])
    reason = (reason or "").strip()
    if not reason:
        raise DomainError([Reason("reason", "required", _l("Give a reason."))])
    chain = versions(attachment)
    storage = get_storage()
    record(
        "attachment.delete",
        attachment,
        actor=actor,
        changes={"reason": [None, reason], "versions": [len(chain), 0]},
        summary=f"{attachment.title} · {attachment.filename}",
        districts=_districts(attachment.record_type, attachment.record),
    )
    for version in reversed(chain):
        key = version.storage_key
        after_commit(db.session(), partial(storage.delete, key))
        db.session.delete(version)
        db.session.flush()
    return len(chain)


def keys_of_record(connection, column, record_id) -> list[str]:
    """The storage keys of every attachment of one record (for deleting the record)."""
    return list(
        connection.execute(sa.select(Attachment.storage_key).where(column == record_id)).scalars()
    )
