"""Reading a zip of ``.lrmx`` files with limits, and writing the patched ones back.

A zip bomb is refused before it is inflated: too many entries, an entry or a total past
its limit (checked on what is actually read, not only on the headers), or a
compression ratio no résumé file has.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO

from exchange.lrmx.patch import LrmxError

MAX_RATIO = 200  # XML with a base64 photo compresses 3–10 times; 200 is a bomb


@dataclass(frozen=True)
class Member:
    name: str  # as the user sees it (GBK names from Chinese Windows decoded)
    data: bytes


def _display_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:  # the name is UTF-8 already
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def read_members(data: bytes, max_files: int, max_each: int) -> list[Member]:
    """The files in the zip (folders skipped), each read up to ``max_each`` bytes."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise LrmxError("not_zip") from error
    if len(infos) > max_files:
        raise LrmxError("too_many_files", str(max_files))
    members, total = [], 0
    for info in infos:
        name = _display_name(info)
        if info.file_size > max_each:
            raise LrmxError("too_large", name)
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise LrmxError("zip_bomb", name)
        try:
            with archive.open(info) as handle:
                content = handle.read(max_each + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
            raise LrmxError("not_zip", name) from error
        if len(content) > max_each:
            raise LrmxError("zip_bomb", name)
        total += len(content)
        if total > max_each * max_files:
            raise LrmxError("zip_bomb", name)
        members.append(Member(name, content))
    return members


def write_members(members: list[Member], report: str | None = None) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            archive.writestr(member.name, member.data)
        if report:
            archive.writestr("未匹配文件.txt", report.encode("utf-8"))
    return out.getvalue()
