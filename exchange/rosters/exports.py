"""CSV and XLSX files of the filtered roster, written row by row in bounded memory.

Both formats neutralise spreadsheet formulas: a text cell that begins with = + - @ or a
tab / carriage return is written so that a spreadsheet shows it as text.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import quote

from flask_babel import gettext as _

from exchange.cadres.models import Gender
from exchange.postings.models import PostingStatus
from exchange.rosters.xlsx import Percent, stream_xlsx

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def birth_month_text(value: date | None) -> str:
    """出生年月 as personnel forms write it: 1980.05."""
    return f"{value.year}.{value.month:02d}" if value else ""


def columns():
    """(header, width) of each exported column, in the user's language, and ``cells``:
    the row's values in that order, each plain (text, number, date or None)."""
    # Resolved once: a lazy label per row would cost a translation lookup per row.
    statuses = {status.value: status.label for status in PostingStatus}
    genders = {gender.value: str(gender.label) for gender in Gender}
    headers = [
        (_("Cadre"), 10),
        (_("Gender"), 6),
        (_("Birth month"), 9),
        (_("Rank"), 12),
        (_("Home district"), 14),
        (_("Home department"), 24),
        (_("Home position"), 14),
        (_("Host district"), 14),
        (_("Host department"), 24),
        (_("Host position"), 14),
        (_("Programme"), 20),
        (_("Start"), 12),
        (_("Planned end"), 12),
        (_("Actual end"), 12),
        (_("Days served"), 10),
        (_("Days left"), 10),
        (_("Status"), 10),
        (_("Report compliance"), 10),
    ]

    def cells(values: list) -> list:
        """A row's values (``queries.EXPORTED``, codes and dates as read) as the file
        shows them, changed in place: gender and status in words, 出生年月 as 1980.05."""
        values[1] = genders.get(values[1] or "", "")
        values[2] = birth_month_text(values[2])
        values[16] = statuses.get(values[16], values[16])
        return values

    return headers, cells


def _compliance_text(compliance) -> str:
    """ "80% (4/5)" — on-time reports of those due; empty when nothing is due yet."""
    if compliance is None:
        return ""
    # ``rate_percent`` and ``due`` spelled out: called for every row of an export.
    on_time = compliance.on_time
    due = on_time + compliance.late + compliance.missing
    return f"{round(on_time / due * 100)}% ({on_time}/{due})" if due else ""


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


def csv_chunks(rows: Iterable[list], rows_per_chunk: int = 500) -> Iterator[str]:
    """The CSV text (BOM first) in chunks of ``rows_per_chunk`` rows (``queries.export_rows``).

    A text cell a spreadsheet would read as a formula gets a quote in front; other values
    go as ``csv`` writes them (None empty, a date in ISO form, a number as digits). The
    check is inline, not a function per cell: an export makes millions of cells.
    """
    headers, cells = columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_cell(header) for header, _w in headers])
    starts = FORMULA_STARTS
    batch: list[list] = []
    for row in rows:
        values = cells(row)
        values[-1] = _compliance_text(values[-1])
        batch.append(
            [
                "'" + value if value.__class__ is str and value.startswith(starts) else value
                for value in values
            ]
        )
        if len(batch) >= rows_per_chunk:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue()


def _compliance_share(compliance) -> Percent | None:
    if compliance is None or compliance.rate is None:
        return None
    return Percent(compliance.rate)


def xlsx_chunks(
    rows: Iterable[list], title: str, title_lines: Iterable[str] = ()
) -> Iterator[bytes]:
    """The workbook's bytes, streamed while the rows (``queries.export_rows``) are read
    (see ``exchange.rosters.xlsx``).

    Numbers stay numbers; the compliance rate is a percentage cell (its counts are in the
    CSV and on the page).
    """
    headers, cells = columns()

    def values(row):
        found = cells(row)
        found[-1] = _compliance_share(found[-1])
        return found

    return stream_xlsx(
        headers=[str(header) for header, _w in headers],
        widths=[width for _h, width in headers],
        rows=map(values, rows),
        sheet_name=title,
        title_lines=title_lines,
    )


def content_disposition(filename: str, ascii_fallback: str) -> str:
    """An attachment header that keeps a Chinese filename (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"
