"""Reading an import file row by row: XLSX (openpyxl, read-only) or CSV (UTF-8 or GB18030).

Nothing is loaded whole: the XLSX sheet is parsed as it is iterated and CSV lines are
decoded one at a time, so a 10,000-row file costs a few megabytes. The type comes from
the bytes, not the name. What is wrong with the file as a whole (not a spreadsheet,
encrypted, a zip bomb, mixed encodings, a header nobody knows, too many rows) raises
:class:`FileProblem`; what is wrong with one row is the importer's business.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import filetype
from flask_babel import lazy_gettext as _l

from exchange.errors_domain import DomainError
from exchange.files import OLE2_SIGNATURE, FileRefused, ZipLimits, check_zip

NOTE_MARK = "※"  # the template's notes row starts with it; such a row is not data


class FileProblem(DomainError):
    """The file as a whole cannot be imported; nothing is read from it."""

    default_code = "unreadable"


def problem(code: str, message) -> FileProblem:
    return FileProblem([(None, code, message)])


@dataclass(frozen=True)
class Column:
    """One column of an import: its headers in both languages and what it holds."""

    key: str
    zh: str
    en: str
    note: Any = ""  # the notes-row text (lazy translated)
    required: bool = False
    choices: tuple[str, ...] = ()  # offered as an Excel data-validation list
    aliases: tuple[str, ...] = ()
    max_length: int | None = None
    width: int = 14


@dataclass
class Layout:
    """Which column of the file holds which field, and the dynamic ones (year columns)."""

    keys: list[str | None]
    headers: list[str]
    extra: dict[int, Any] = field(default_factory=dict)

    def header_of(self, key: str) -> str:
        for k, header in zip(self.keys, self.headers, strict=False):
            if k == key:
                return header
        return key


def normalise(header: Any) -> str:
    text = unicodedata.normalize("NFKC", str(header or ""))
    text = re.split(r"[(（]", text, maxsplit=1)[0]
    return re.sub(r"[\s*_\-:：]+", "", text).lower()


def _names(columns: list[Column]) -> dict[str, str]:
    """Every accepted spelling of every header, normalised, to its column key."""
    names: dict[str, str] = {}
    for column in columns:
        for name in (column.zh, column.en, column.key, *column.aliases):
            names[normalise(name)] = column.key
    return names


def _refuse_headers(unknown: list, duplicate: list, missing: list) -> None:
    if unknown:
        raise problem(
            "unknown_header",
            _l("Unknown column header(s): %(headers)s.", headers="、".join(unknown[:10])),
        )
    if duplicate:
        raise problem(
            "duplicate_header",
            _l("Column header(s) given twice: %(headers)s.", headers="、".join(duplicate)),
        )
    if missing:
        raise problem(
            "missing_header",
            _l("Required column(s) missing: %(headers)s.", headers="、".join(missing)),
        )


def match_headers(
    row: list[Any], columns: list[Column], extra: Callable[[str], Any] | None = None
) -> Layout:
    """Match a header row to the columns, in any order, in Chinese or English."""
    names = _names(columns)
    layout = Layout(keys=[], headers=[])
    unknown: list[str] = []
    duplicate: list[str] = []
    for index, cell in enumerate(row):
        header = str(cell).strip() if cell is not None else ""
        layout.headers.append(header)
        key = names.get(normalise(header)) if header else None
        found = extra(header) if header and key is None and extra is not None else None
        if found is not None and found in layout.extra.values():
            duplicate.append(header)
        elif found is not None:
            layout.extra[index] = found
        elif header and key is None:
            unknown.append(header)
        elif key is not None and key in layout.keys:
            duplicate.append(header)
        layout.keys.append(key)
    missing = [c.zh for c in columns if c.required and c.key not in layout.keys]
    _refuse_headers(unknown, duplicate, missing)
    return layout


@dataclass
class Table:
    """The file's layout and its data rows as ``(row number, {key: value}, {extra: value})``."""

    layout: Layout
    rows: Iterator[tuple[int, dict[str, Any], dict[Any, Any]]]


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _is_notes_row(values) -> bool:
    first = next((v for v in values if v not in (None, "")), "")
    return isinstance(first, str) and first.lstrip().startswith(NOTE_MARK)


def _split(values, layout: Layout) -> tuple[dict[str, Any], dict[Any, Any]]:
    """A row's cells as ``{column key: value}`` and ``{dynamic column: value}``."""
    data, extras = {}, {}
    for index, value in enumerate(values):
        if isinstance(value, str):
            value = value.strip() or None
        key = layout.keys[index] if index < len(layout.keys) else None
        if key:
            data[key] = value
        elif index in layout.extra:
            extras[layout.extra[index]] = value
    return data, extras


def _too_many(max_rows: int) -> FileProblem:
    return problem(
        "too_many_rows",
        _l("The file has more than %(limit)d rows; split it into smaller files.", limit=max_rows),
    )


def _table(
    numbered_rows: Iterator[tuple[int, list[Any]]],
    columns: list[Column],
    max_rows: int,
    extra: Callable[[str], Any] | None,
) -> Table:
    header_row = next((row for _n, row in numbered_rows if not _is_blank(row)), None)
    if header_row is None:
        raise problem("empty", _l("The file has no header row and no data."))
    layout = match_headers(header_row, columns, extra)

    def rows():
        count = 0
        for number, values in numbered_rows:
            if _is_blank(values) or (count == 0 and _is_notes_row(values)):
                continue
            count += 1
            if count > max_rows:
                raise _too_many(max_rows)
            data, extras = _split(values, layout)
            yield number, data, extras

    return Table(layout, rows())


# XLSX -----------------------------------------------------------------------------------


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a broken workbook
        raise problem(
            "not_a_spreadsheet", _l("The file cannot be read as an Excel workbook.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


# CSV ------------------------------------------------------------------------------------


def _decoded_lines(stream: IO[bytes]) -> Iterator[str]:
    """Decode line by line: UTF-8 (with or without BOM) or GB18030, never both in one file."""
    encoding = None
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw, encoding = raw[len(codecs.BOM_UTF8) :], "utf-8"
        if b"\x00" in raw:
            raise problem(
                "not_a_spreadsheet",
                _l("The file is not a spreadsheet (save it as .xlsx, or as CSV in UTF-8)."),
            )
        if raw.isascii():
            yield raw.decode("ascii")
            continue
        try:
            text = raw.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        if encoding is None:
            encoding = "utf-8" if utf8 else "gb18030"
        if encoding == "utf-8" and not utf8 or encoding == "gb18030" and utf8:
            raise problem(
                "mixed_encodings",
                _l(
                    "Line %(line)d is in another text encoding than the lines before it; "
                    "save the whole file as CSV UTF-8.",
                    line=number,
                ),
            )
        if not utf8:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise problem(
                    "bad_encoding",
                    _l("Line %(line)d is neither UTF-8 nor GB18030 text.", line=number),
                ) from None
        yield text


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    lines = _decoded_lines(stream)
    first = next(lines, None)
    if first is None:
        return
    delimiter = "\t" if first.count("\t") > first.count(",") else ","

    def again():
        yield first
        yield from lines

    reader = csv.reader(again(), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, list(row)
    except csv.Error as error:
        raise problem(
            "bad_csv",
            _l("Line %(line)d cannot be read: %(error)s", line=reader.line_num, error=error),
        ) from None


# Opening --------------------------------------------------------------------------------


def open_table(
    stream: IO[bytes],
    columns: list[Column],
    max_rows: int,
    extra: Callable[[str], Any] | None = None,
    limits: ZipLimits | None = None,
) -> Table:
    """The file's header layout and a lazy iterator over its data rows."""
    if not stream.seekable():
        stream = io.BytesIO(stream.read())
    head = stream.read(8192)
    stream.seek(0)
    if head.startswith(OLE2_SIGNATURE):
        raise problem(
            "old_or_encrypted",
            _l(
                "The workbook is encrypted or in the old .xls format: "
                "save it as .xlsx without a password."
            ),
        )
    if head.startswith(b"PK\x03\x04"):
        try:
            archive = check_zip(stream, limits or ZipLimits())
        except FileRefused as error:
            raise FileProblem(error.reasons) from None
        if "xl/workbook.xml" not in archive.namelist():
            raise problem(
                "not_a_spreadsheet",
                _l("The file is not a spreadsheet (save it as .xlsx, or as CSV in UTF-8)."),
            )
        stream.seek(0)
        rows = _xlsx_rows(stream)
    else:
        if b"\x00" in head or filetype.guess(head) is not None:
            raise problem(
                "not_a_spreadsheet",
                _l("The file is not a spreadsheet (save it as .xlsx, or as CSV in UTF-8)."),
            )
        rows = _csv_rows(stream)
    return _table(rows, columns, max_rows, extra)
