"""Render a :class:`~exchange.documents.layout.Document` as DOCX with python-docx.

A4, 宋体 body and 黑体 titles (the fonts of WPS and Word on Chinese systems), tables
with borders: the file is what offices finish, sign and stamp.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from exchange.documents import layout

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
ALIGN = {
    "L": WD_ALIGN_PARAGRAPH.LEFT,
    "C": WD_ALIGN_PARAGRAPH.CENTER,
    "R": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(container, text: str, align="L", size=12.0, bold=False, font=BODY_FONT):
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _font(run, font, size, bold)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _field_char(run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._element.append(char)


def _field_start(paragraph, instruction: str) -> None:
    """Open a Word field (``PAGE``, ``TOC …``); what follows until :func:`_field_end` is the
    text shown until Word or WPS computes the field."""
    _field_char(paragraph.add_run(), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._element.append(code)
    _field_char(paragraph.add_run(), "separate")


def _field_end(paragraph) -> None:
    _field_char(paragraph.add_run(), "end")


def _page_numbers(section) -> None:
    """``— 3 —`` centred in the footer of every page, as official documents number them."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), BODY_FONT, 10.5)
    _field_start(paragraph, "PAGE")
    _font(paragraph.add_run("1"), BODY_FONT, 10.5)
    _field_end(paragraph)
    _font(paragraph.add_run(" —"), BODY_FONT, 10.5)


def _contents(document, title: str, headings: list[str]) -> None:
    """A table of contents field over the level-1 headings: it lists them as written, and
    Word or WPS fills in the page numbers when the file is opened (``updateFields``) — only
    the word processor knows where its pages break."""
    _paragraph(document, title, "C", 16, True, TITLE_FONT)
    first = document.add_paragraph()
    _field_start(first, 'TOC \\o "1-1" \\h \\z')
    last = first
    for index, text in enumerate(headings, 1):
        last = first if index == 1 else document.add_paragraph()
        _font(last.add_run(f"{index}. {text}"), BODY_FONT, 12)
    _field_end(last)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _heading(document, text: str, level: int) -> None:
    """A heading in Word's heading style (so the contents field finds it), in our fonts."""
    paragraph = document.add_paragraph(style=f"Heading {level}")
    run = paragraph.add_run(text)
    _font(run, TITLE_FONT, 16 if level == 1 else 13, True)
    run.font.color.rgb = RGBColor(0, 0, 0)


def _cell_text(cell, text: str, align="L", bold=False) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for line in text.split("\n") or [""]:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = ALIGN[align]
        _font(paragraph.add_run(line), BODY_FONT, 11, bold)


def _table(document, block: layout.Table, width_mm: float) -> None:
    table = document.add_table(rows=0, cols=block.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Mm(width_mm * w / total) for w in block.widths]
    for row in block.rows:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
        if isinstance(row, layout.Opinion):
            _cell_text(cells[0], row.label, "C", bold=True)
            merged = cells[1].merge(cells[-1])
            _cell_text(merged, row.text or " ")
            for line in ["", *row.closing]:
                paragraph = merged.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _font(paragraph.add_run(line), BODY_FONT, 11)
            continue
        column = 0
        for spec in row:
            target = cells[column]
            if spec.span > 1:
                target = target.merge(cells[column + spec.span - 1])
            _cell_text(target, spec.text, "C" if spec.label else spec.align, bold=spec.label)
            column += spec.span


def render(doc: layout.Document) -> bytes:
    document = new_docx()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    _page_numbers(section)
    document.core_properties.title = doc.title
    style = document.styles["Normal"]
    style.font.name = BODY_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    width_mm = 210 - 50
    headings = [b.text for b in doc.blocks if isinstance(b, layout.Heading) and b.level == 1]
    for block in doc.blocks:
        if isinstance(block, layout.Title):
            _paragraph(document, block.text, "C", 20, True, TITLE_FONT)
        elif isinstance(block, layout.Paragraph):
            _paragraph(document, block.text, block.align, block.size, block.bold)
        elif isinstance(block, layout.Heading):
            _heading(document, block.text, block.level)
        elif isinstance(block, layout.Table):
            _table(document, block, width_mm)
        elif isinstance(block, layout.PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, layout.Contents):
            _contents(document, block.title, headings)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
