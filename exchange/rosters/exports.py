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
from exchange.rosters.queries import RosterRow
from exchange.rosters.xlsx import Percent, stream_xlsx

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def birth_month_text(value: date | None) -> str:
    """出生年月 as personnel forms write it: 1980.05."""
    return f"{value.year}.{value.month:02d}" if value else ""


def columns():
    """(header, width, value-of-row) for each exported column, in the user's language."""
    # Resolved once: a lazy label per row would cost a translation lookup per row.
    statuses = {status.value: status.label for status in PostingStatus}
    genders = {gender.value: str(gender.label) for gender in Gender}
    return [
        (_("Cadre"), 10, lambda r: r.cadre_name),
        (_("Gender"), 6, lambda r: genders.get(r.gender or "", "")),
        (_("Birth month"), 9, lambda r: birth_month_text(r.birth_month)),
        (_("Rank"), 12, lambda r: r.rank),
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
        (_("Status"), 10, lambda r: statuses.get(r.status, r.status)),
        (_("Report compliance"), 10, _compliance_text),
    ]


def _compliance_text(row) -> str:
    """ "80% (4/5)" — on-time reports of those due; empty when nothing is due yet."""
    compliance = row.compliance
    if compliance is None or compliance.rate_percent is None:
        return ""
    return f"{compliance.rate_percent}% ({compliance.on_time}/{compliance.due})"


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


def _compliance_share(row) -> Percent | None:
    compliance = row.compliance
    if compliance is None or compliance.rate is None:
        return None
    return Percent(compliance.rate)


def xlsx_chunks(
    rows: Iterable[RosterRow], title: str, title_lines: Iterable[str] = ()
) -> Iterator[bytes]:
    """The workbook's bytes, streamed while the rows are read (see ``exchange.rosters.xlsx``).

    Numbers stay numbers; the compliance rate is a percentage cell (its counts are in the
    CSV and on the page).
    """
    cols = columns()
    values = [value for _h, _w, value in cols]
    values[-1] = _compliance_share
    return stream_xlsx(
        headers=[str(header) for header, _w, _v in cols],
        widths=[width for _h, width, _v in cols],
        rows=([value(row) for value in values] for row in rows),
        sheet_name=title,
        title_lines=title_lines,
    )


def content_disposition(filename: str, ascii_fallback: str) -> str:
    """An attachment header that keeps a Chinese filename (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"
