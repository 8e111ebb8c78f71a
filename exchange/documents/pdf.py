"""Render a :class:`~exchange.documents.layout.Document` as an A4 PDF with fpdf2.

The CJK font is embedded (subset), so the file reads the same on any machine; tables
wrap Chinese by character. The 汇编's contents page lists each heading with its page.
"""

from __future__ import annotations

import logging

from fpdf import FPDF
from fpdf.enums import CellBordersLayout, WrapMode

from exchange.documents import layout
from exchange.documents.fonts import find_font

FONT = "cjk"
MARGIN = 20
LINE = 7


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, size=9)
        self.cell(0, 8, f"— {self.page_no()} —", align="C")


def _multi(pdf: FPDF, text: str, align: str = "L", size: float = 12) -> None:
    pdf.set_font(FONT, size=size)
    pdf.multi_cell(
        0, size * 0.6, text, align=align, new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR
    )


def _table(pdf: FPDF, block: layout.Table) -> None:
    pdf.set_font(FONT, size=11)
    total = sum(block.widths)
    width = pdf.epw
    with pdf.table(
        col_widths=[width * w / total for w in block.widths],
        first_row_as_headings=False,
        line_height=LINE,
        text_align="LEFT",
        wrapmode=WrapMode.CHAR,
        padding=2,
    ) as table:
        for row in block.rows:
            if isinstance(row, layout.Opinion):
                top = table.row()
                top.cell(row.label, align="C", rowspan=2)
                top.cell(
                    (row.text or " ") + "\n",
                    colspan=block.columns - 1,
                    border=CellBordersLayout.LEFT | CellBordersLayout.RIGHT | CellBordersLayout.TOP,
                )
                bottom = table.row()
                bottom.cell(
                    "\n".join(row.closing),
                    colspan=block.columns - 1,
                    align="R",
                    border=CellBordersLayout.LEFT
                    | CellBordersLayout.RIGHT
                    | CellBordersLayout.BOTTOM,
                )
                continue
            cells = table.row()
            for spec in row:
                cells.cell(spec.text, colspan=spec.span, align="C" if spec.label else spec.align)
    pdf.ln(4)


def _contents(pdf: FPDF, outline) -> None:
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 12, "目  录", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=12)
    for section in outline:
        if section.level != 0:
            continue
        title = section.name
        pdf.cell(pdf.epw - 20, LINE, title, new_x="RIGHT", new_y="TOP")
        pdf.cell(20, LINE, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


def render(doc: layout.Document, font: tuple[str, int]) -> bytes:
    # fontTools reports every subsetting step at INFO: that is not the app's news.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    path, index = font
    pdf = _Pdf(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font(FONT, fname=path, collection_font_number=index)
    pdf.set_title(doc.title)
    pdf.set_lang("zh-CN")
    pdf.add_page()
    headings = sum(1 for b in doc.blocks if isinstance(b, layout.Heading) and b.level == 1)
    for block in doc.blocks:
        if isinstance(block, layout.Title):
            pdf.set_font(FONT, size=20)
            pdf.multi_cell(0, 12, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif isinstance(block, layout.Paragraph):
            _multi(pdf, block.text, block.align, block.size)
        elif isinstance(block, layout.Heading):
            pdf.set_font(FONT, size=16 if block.level == 1 else 13)
            pdf.start_section(block.text, level=block.level - 1, strict=False)
            pdf.multi_cell(0, 10, block.text, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(block, layout.Table):
            _table(pdf, block)
        elif isinstance(block, layout.PageBreak):
            pdf.add_page()
        elif isinstance(block, layout.Contents):
            pages = max(1, -(-headings // 30))
            pdf.insert_toc_placeholder(_contents, pages=pages, allow_extra_pages=True)
    return bytes(pdf.output())


def render_with_found_font(doc: layout.Document, configured: str = "") -> bytes:
    return render(doc, find_font(configured))
