"""A streamed XLSX writer: the workbook leaves as a zip stream while rows are still read.

An .xlsx file is a zip of a few XML parts. Only the worksheet grows with the rows,
so it is written into the zip entry by entry as rows arrive and the zip's bytes are
handed on in chunks: the download starts at once and memory stays flat, however
large the roster. Text always goes in as an inline string, never as a formula.

A sheet may open with title lines (a document's title, its date, who made it) above the
header row; the header row then carries an autofilter, stays frozen on screen and is
repeated on every printed page, and the sheet prints A4 landscape, one page wide, with
"page X / Y" in the footer. The workbook part, which names the print titles and the
filter's range, is written last: only then is the number of rows known.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from xml.sax.saxutils import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER_STYLE, DATE_STYLE, PERCENT_STYLE, TITLE_STYLE = 1, 2, 3, 4
EXCEL_EPOCH = date(1899, 12, 30)
# Characters XML 1.0 cannot hold at all.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}">
<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}">
<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>
</Relationships>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN_NS}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="16"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


class Percent(float):
    """A share from 0 to 1, written as a number in a percentage cell (0.8 shows 80%)."""


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(ref: str, value, style: int = 0) -> str:
    if value is None or value == "":
        return ""
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{(value - EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, Percent):
        return f'<c r="{ref}" s="{PERCENT_STYLE}"><v>{float(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    text = escape(_ILLEGAL_XML.sub("", str(value)))
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{text}</t></is></c>'


EXCEL_EPOCH_ORDINAL = EXCEL_EPOCH.toordinal()
# Text that needs more than copying: XML's special characters or characters it cannot hold.
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _row(number: int, values, letters: list[str]) -> str:
    """``<row>`` of unstyled cells: ``_cell`` for each value, with the common types (text,
    whole numbers, dates, shares) written inline. An export writes millions of cells and a
    call and a chain of ``isinstance`` per cell took most of its time; anything else (a
    lazy label, a bool, a subclass) still goes through ``_cell``, so the XML is the same."""
    cells: list[str] = []
    append = cells.append
    for letter, value in zip(letters, values, strict=False):
        kind = value.__class__
        if kind is str:
            if value:
                if _NEEDS_ESCAPE.search(value):
                    value = escape(_ILLEGAL_XML.sub("", value))
                append(
                    f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{value}</t></is></c>"
                )
        elif value is None:
            continue
        elif kind is int:
            append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        elif kind is date:
            days = value.toordinal() - EXCEL_EPOCH_ORDINAL
            append(f'<c r="{letter}{number}" s="{DATE_STYLE}"><v>{days}</v></c>')
        elif kind is Percent:
            append(f'<c r="{letter}{number}" s="{PERCENT_STYLE}"><v>{float(value)}</v></c>')
        else:
            append(_cell(f"{letter}{number}", value))
    return f'<row r="{number}">{"".join(cells)}</row>'


class _Chunks(io.RawIOBase):
    """A write-only, unseekable file whose written bytes are collected for handing on."""

    def __init__(self):
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _workbook(sheet_name: str, header_row: int, last_ref: str) -> str:
    """The workbook part: the sheet, its print titles (the header row) and filter range."""
    name = escape(sheet_name[:31], {chr(34): "&quot;"})
    quoted = "'" + sheet_name[:31].replace("'", "''") + "'"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        f'<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets><definedNames>'
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{escape(quoted)}!$A${header_row}:{last_ref}</definedName>"
        f'<definedName name="_xlnm.Print_Titles" localSheetId="0">'
        f"{escape(quoted)}!${header_row}:${header_row}</definedName>"
        f"</definedNames></workbook>"
    )


def _sheet_head(widths: list[float], header_row: int) -> str:
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{header_row}" '
        f'topLeftCell="A{header_row + 1}" activePane="bottomLeft" state="frozen"/>'
        f"</sheetView></sheetViews><cols>{cols}</cols><sheetData>"
    )


def _sheet_tail(filter_ref: str, merges: list[str]) -> str:
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
    return (
        f'</sheetData><autoFilter ref="{filter_ref}"/>'
        + (f'<mergeCells count="{len(merges)}">{merged}</mergeCells>' if merges else "")
        + '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "<headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>"
        "</worksheet>"
    )


def stream_xlsx(
    headers: list[str],
    widths: list[float],
    rows: Iterable[Sequence],
    sheet_name: str,
    rows_per_chunk: int = 200,
    title_lines: Iterable[str] = (),
) -> Iterator[bytes]:
    """The bytes of an .xlsx file: title lines, a bold, frozen, filtered header row, ``rows``."""
    out = _Chunks()
    letters = [column_letter(i) for i in range(len(headers))]
    titles = list(title_lines)
    header_row = len(titles) + 1
    last_letter = letters[-1]
    # Level 1: the 120 MB of XML of 100,000 roster rows compress in 0.32 s to 13.3 MB, at
    # level 3 in 0.37 s to 11.9 MB, at level 5 in 0.55 s to 10.4 MB.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", STYLES)
        yield out.take()
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            top = "".join(
                f'<row r="{n}">{_cell(f"A{n}", line, TITLE_STYLE if n == 1 else 0)}</row>'
                for n, line in enumerate(titles, 1)
            )
            head = "".join(
                _cell(f"{letters[i]}{header_row}", h, HEADER_STYLE) for i, h in enumerate(headers)
            )
            sheet.write(
                (
                    _sheet_head(widths, header_row) + top + f'<row r="{header_row}">{head}</row>'
                ).encode()
            )
            buffer = []
            number = header_row
            for number, values in enumerate(rows, header_row + 1):
                buffer.append(_row(number, values, letters))
                if len(buffer) >= rows_per_chunk:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
                    if chunk := out.take():
                        yield chunk
            last_ref = f"${last_letter}${number}"
            merges = [f"A{n}:{last_letter}{n}" for n in range(1, header_row) if last_letter != "A"]
            tail = _sheet_tail(f"A{header_row}:{last_letter}{number}", merges)
            sheet.write(("".join(buffer) + tail).encode())
        zf.writestr("xl/workbook.xml", _workbook(sheet_name, header_row, last_ref))
    yield out.take()
