"""CSV and XLSX files of the filtered roster, written row by row in bounded memory.

Both formats neutralise spreadsheet formulas: a text cell that begins with = + - @ or a
tab / carriage return is written so that a spreadsheet shows it as text.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import quote

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from exchange.labels import LABELS
from exchange.rosters.queries import RosterRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 64 * 1024


def columns():
    """(header, width, value-of-row) for each exported column, in the user's language."""
    statuses = LABELS["posting_status"]
    return [
        (_("Cadre"), 10, lambda r: r.cadre_name),
        (_("Home district"), 14, lambda r: r.home_district),
        (_("Home department"), 24, lambda r: r.home_department),
        (_("Home position"), 14, lambda r: r.home_position),
        (_("Host district"), 14, lambda r: r.host_district),
        (_("Host department"), 24, lambda r: r.host_department),
        (_("Host position"), 14, lambda r: r.host_position),
        (_("Programme"), 20, lambda r: r.programme),
        (_("Start"), 12, lambda r: r.start_date),
        (_("Planned end"), 12, lambda r: r.planned_end_date),
        (_("Actual end"), 12, lambda r: r.actual_end_date),
        (_("Days served"), 10, lambda r: r.served_days),
        (_("Days left"), 10, lambda r: r.left_days),
        (_("Status"), 10, lambda r: str(statuses.get(r.status, r.status))),
    ]


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if is_formula_like(value):
        return "'" + value
    return str(value)


def csv_chunks(rows: Iterable[RosterRow]) -> Iterator[str]:
    """The CSV text (BOM first) in chunks of about a hundred rows."""
    cols = columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_cell(header) for header, _w, _v in cols])
    for count, row in enumerate(rows, 1):
        writer.writerow([csv_cell(value(row)) for _h, _w, value in cols])
        if count % 100 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_cell(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    return cell


def xlsx_file(rows: Iterable[RosterRow], title: str):
    """A temporary file holding the workbook (write-only: rows go straight to disk)."""
    cols = columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, (_header, width, _value) in enumerate(cols, 1):
        sheet.column_dimensions[_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, header, bold) for header, _w, _v in cols])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value(row)) for _h, _w, value in cols])
    # Closed by ``file_chunks`` once the response has streamed it.
    spooled = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(spooled)
    spooled.seek(0)
    return spooled


def file_chunks(handle) -> Iterator[bytes]:
    try:
        while chunk := handle.read(CHUNK_SIZE):
            yield chunk
    finally:
        handle.close()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def content_disposition(filename: str, ascii_fallback: str) -> str:
    """An attachment header that keeps a Chinese filename (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"
