"""What an uploaded file really is: its type from its bytes, zip-bomb checks, safe names.

The type a browser sends and the file's extension are claims; the bytes decide. Plain
signatures (PDF, images) come from the ``filetype`` library; the zip-based formats
(DOCX, XLSX and OFD, China's standard for official electronic documents, GB/T 33190)
are told apart by the parts inside the zip, which are read from its directory without
unpacking anything. Every refusal carries a code (see ``FileRefused``).
"""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from flask_babel import lazy_gettext as _l

from exchange.errors_domain import DomainError

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc/.xls, and encrypted OOXML


class FileRefused(DomainError):
    """The file cannot be accepted; the reason's code says why."""

    default_code = "file_refused"


@dataclass(frozen=True)
class FileType:
    name: str  # "pdf", "png", "docx", ...
    mimetype: str
    extensions: tuple[str, ...]


TYPES = {
    t.name: t
    for t in (
        FileType("pdf", "application/pdf", ("pdf",)),
        FileType("png", "image/png", ("png",)),
        FileType("jpeg", "image/jpeg", ("jpg", "jpeg")),
        FileType("gif", "image/gif", ("gif",)),
        FileType("webp", "image/webp", ("webp",)),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileType(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)
        ),
        FileType("ofd", "application/ofd", ("ofd",)),
    )
}

_SIGNATURE_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpeg"}
_SIGNATURE_TYPES |= {"image/gif": "gif", "image/webp": "webp"}


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = 2000
    max_total_bytes: int = 200 * 1024 * 1024  # unpacked
    max_ratio: int = 100  # unpacked / packed, per entry and overall


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def check_filename(filename: str | None, field: str = "file") -> str:
    """The name as given, refused if it carries a path, control characters or nothing at all."""
    name = (filename or "").strip()
    if not name:
        raise FileRefused([(field, "no_filename", _l("The file has no name."))])
    if "/" in name or "\\" in name or name in (".", "..") or ":" in name:
        raise FileRefused(
            [
                (
                    field,
                    "filename_path",
                    _l("The file name may not contain a path: %(name)s", name=name[:80]),
                )
            ]
        )
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise FileRefused(
            [(field, "filename_control", _l("The file name contains control characters."))]
        )
    if len(name) > 200:
        raise FileRefused(
            [(field, "filename_long", _l("The file name is longer than 200 characters."))]
        )
    return unicodedata.normalize("NFC", name)


def check_zip(
    stream: IO[bytes], limits: ZipLimits = ZipLimits(), field: str = "file"
) -> zipfile.ZipFile:
    """Open ``stream`` as a zip and refuse it if unpacking it would flood memory or disk.

    The sizes come from the zip's directory; Python's ``zipfile`` never reads past an
    entry's declared size, so a lying directory cannot make a later read larger.
    """
    try:
        archive = zipfile.ZipFile(stream)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(
            [(field, "bad_zip", _l("The file is damaged (its zip structure cannot be read)."))]
        ) from None
    bomb = FileRefused(
        [
            (
                field,
                "zip_bomb",
                _l("The file unpacks to far more than its size: refused as a possible zip bomb."),
            )
        ]
    )
    if len(entries) > limits.max_entries:
        raise bomb
    total = packed = 0
    for entry in entries:
        total += entry.file_size
        packed += entry.compress_size
        if entry.file_size > limits.max_ratio * max(entry.compress_size, 1024):
            raise bomb
    if total > limits.max_total_bytes or total > limits.max_ratio * max(packed, 1024):
        raise bomb
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise FileRefused(
            [(field, "encrypted", _l("The file is encrypted; save it without a password."))]
        )
    return archive


def _zip_type(stream: IO[bytes], limits: ZipLimits, field: str) -> str | None:
    archive = check_zip(stream, limits, field)
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if "OFD.xml" in names:
        return "ofd"
    return None


def sniff(
    stream: IO[bytes], limits: ZipLimits = ZipLimits(), field: str = "file"
) -> FileType | None:
    """The accepted type the bytes show, or None; the stream is left at its start."""
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            name = _zip_type(stream, limits, field)
        else:
            kind = filetype.guess(head)
            name = _SIGNATURE_TYPES.get(kind.mime) if kind else None
    finally:
        stream.seek(0)
    return TYPES.get(name) if name else None


def check_upload(
    stream: IO[bytes],
    filename: str,
    accepted: tuple[str, ...],
    limits: ZipLimits = ZipLimits(),
    field: str = "file",
) -> FileType:
    """The file's sniffed type, refused unless it is accepted and its extension says the same."""
    stream.seek(0)
    if stream.read(8).startswith(OLE2_SIGNATURE):
        stream.seek(0)
        raise FileRefused(
            [
                (
                    field,
                    "old_or_encrypted",
                    _l(
                        "The file is an old Office format or encrypted: save it as .docx or .xlsx without a password."
                    ),
                )
            ]
        )
    found = sniff(stream, limits, field)
    allowed = ", ".join(ext for name in accepted for ext in TYPES[name].extensions)
    if found is None or found.name not in accepted:
        raise FileRefused(
            [
                (
                    field,
                    "type_not_accepted",
                    _l("This kind of file is not accepted. Accepted: %(types)s.", types=allowed),
                )
            ]
        )
    if extension_of(filename) not in found.extensions:
        raise FileRefused(
            [
                (
                    field,
                    "type_mismatch",
                    _l(
                        "The file's content (%(found)s) does not match its name %(name)s.",
                        found=found.name.upper(),
                        name=filename[:80],
                    ),
                )
            ]
        )
    return found
