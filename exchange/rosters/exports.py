"""CSV and XLSX files of the filtered roster, written row by row in bounded memory.

Both formats neutralise spreadsheet formulas: a text cell that begins with = + - @ or a
tab / carriage return is written so that a spreadsheet shows it as text.
"""

import csv
import gc
import io
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain
from urllib.parse import quote

from flask_babel import gettext as _

from exchange.cadres.models import Gender
from exchange.postings.models import PostingStatus
from exchange.rosters.xlsx import Percent, stream_xlsx

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns() -> list[tuple[str, int]]:
    """(header, width) of each exported column, in the user's language: the values of
    ``queries.export_batches``'s rows, in that order, as ``words`` shows them."""
    return [
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


def words() -> tuple[dict, dict]:
    """Gender and status codes in words, in the user's language (an unknown status as it
    is), resolved once: a lazy label per row would cost a translation lookup per row."""
    genders: dict[str | None, str] = {gender.value: str(gender.label) for gender in Gender}
    genders[None] = ""
    statuses = {status.value: status.label for status in PostingStatus}
    return genders, statuses


def _compliance_text(compliance) -> str:
    """ "80% (4/5)" — on-time reports of those due; empty when nothing is due yet."""
    if compliance is None:
        return ""
    # ``rate_percent`` and ``due`` spelled out: called for every row of an export.
    on_time = compliance.on_time
    due = on_time + compliance.late + compliance.missing
    return f"{round(on_time / due * 100)}% ({on_time}/{due})" if due else ""


class _Named(dict):
    """A district's, department's or programme's name as a CSV cell (``csv_text``), made
    the first time it is asked: a region has a few thousand, an export 100,000 rows."""

    def __missing__(self, name):
        text = self[name] = csv_text(name)
        return text


class _ComplianceTexts(dict):
    """``_compliance_text`` of each combination of counts, made the first time it is asked."""

    def __missing__(self, compliance):
        text = self[compliance] = _compliance_text(compliance)
        return text


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: str) -> str:
    """Text as a CSV cell: with a quote in front when a spreadsheet would read a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if is_formula_like(value):
        return "'" + value
    return str(value)


def csv_chunks(batches: Iterable[list[list]], rows_per_chunk: int = 500) -> Iterator[str]:
    """The CSV text (BOM first) in chunks of ``rows_per_chunk`` rows, from the batches of
    rows of ``queries.export_batches``.

    A text cell a spreadsheet would read as a formula gets a quote in front; other values
    go as ``csv`` writes them (None empty, a date in ISO form, a number as digits). A
    chunk's rows are written out in one comprehension, with the columns' kinds known
    (``columns``): an export makes millions of cells, and a call or a type test per cell
    took most of its time. Only the text columns are tested for formulas, the names of
    districts, departments and programmes once each; the compliance text is made once for
    each combination of counts, of which an export has a few hundred.
    """
    genders, statuses = words()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_cell(header) for header, _w in columns()])
    yield buffer.getvalue()
    starts = FORMULA_STARTS
    texts = _ComplianceTexts()
    named = _Named()
    for batch in batches:
        for first in range(0, len(batch), rows_per_chunk):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(
                [
                    (
                        "'" + name if name.startswith(starts) else name,
                        genders.get(gender, ""),
                        f"{birth_month.year}.{birth_month.month:02d}" if birth_month else "",
                        "'" + rank if rank.startswith(starts) else rank,
                        named[home_district],
                        named[home_department],
                        "'" + home_position if home_position.startswith(starts) else home_position,
                        named[host_district],
                        named[host_department],
                        "'" + host_position if host_position.startswith(starts) else host_position,
                        named[programme],
                        start, planned_end, actual_end, served, left,
                        statuses.get(status, status),
                        texts[compliance],
                    )
                    for (
                        name, gender, birth_month, rank,
                        home_district, home_department, home_position,
                        host_district, host_department, host_position,
                        programme, start, planned_end, actual_end, served, left, status,
                        compliance,
                    ) in batch[first : first + rows_per_chunk]
                ]
            )  # fmt: skip
            yield buffer.getvalue()


class _ComplianceShares(dict):
    """Each combination of counts as a percentage cell's value (None when nothing is due),
    made the first time it is asked."""

    def __missing__(self, compliance):
        rate = None if compliance is None else compliance.rate
        share = self[compliance] = None if rate is None else Percent(rate)
        return share


def xlsx_chunks(
    batches: Iterable[list[list]], title: str, title_lines: Iterable[str] = ()
) -> Iterator[bytes]:
    """The workbook's bytes, streamed while the batches of rows
    (``queries.export_batches``) are read (see ``exchange.rosters.xlsx``).

    Numbers stay numbers; the compliance rate is a percentage cell (its counts are in the
    CSV and on the page). Each batch is put in words in one comprehension, as in
    ``csv_chunks``.
    """
    genders, statuses = words()
    shares = _ComplianceShares()
    rows = (
        [
            (
                name,
                genders.get(gender, ""),
                f"{birth_month.year}.{birth_month.month:02d}" if birth_month else "",
                rank,
                home_district,
                home_department,
                home_position,
                host_district,
                host_department,
                host_position,
                programme,
                start,
                planned_end,
                actual_end,
                served,
                left,
                statuses.get(status, status),
                shares[compliance],
            )
            for (
                name,
                gender,
                birth_month,
                rank,
                home_district,
                home_department,
                home_position,
                host_district,
                host_department,
                host_position,
                programme,
                start,
                planned_end,
                actual_end,
                served,
                left,
                status,
                compliance,
            ) in batch
        ]  # fmt: skip
        for batch in batches
    )
    headers = columns()
    return stream_xlsx(
        headers=[str(header) for header, _w in headers],
        widths=[width for _h, width in headers],
        rows=chain.from_iterable(rows),
        sheet_name=title,
        title_lines=title_lines,
    )


_pausing = threading.Lock()
_paused = [0, False]  # exports running with the collector paused; whether it was enabled


def collector_paused(chunks: Iterable) -> Iterator:
    """``chunks``, with Python's cycle collector paused while they are made.

    An export makes about ten short-lived lists and tuples per row, a million for a
    region, none of them in a reference cycle: reference counting frees each, and the
    collector, which runs after every 700 new containers and now and then walks every
    object of the worker, finds nothing to free (a tenth of the export's time through
    gunicorn). It is paused for the download (the worker's other requests meanwhile
    keep their cycles a second or two longer) and resumed when the last export of the
    process ends, or its download is abandoned."""
    with _pausing:
        if _paused[0] == 0:
            _paused[1] = gc.isenabled()
            gc.disable()
        _paused[0] += 1
    try:
        yield from chunks
    finally:
        with _pausing:
            _paused[0] -= 1
            if _paused[0] == 0 and _paused[1]:
                gc.enable()


def content_disposition(filename: str, ascii_fallback: str) -> str:
    """An attachment header that keeps a Chinese filename (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"
