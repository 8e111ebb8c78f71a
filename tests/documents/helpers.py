"""Read generated files as a person's tools would: python-docx and a PDF text extractor."""

import os
import re
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader


def docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    """The PDF's text with all white space removed (extractors space CJK glyphs apart;
    pypdf puts NULs between fpdf2's two-byte glyph codes, which pdftotext does not)."""
    reader = PdfReader(BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[\s\x00]+", "", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def need_font() -> None:
    """PDFs need a CJK font: skip without one, except where CI requires every service."""
    from exchange.documents.fonts import FontMissing, find_font

    try:
        find_font()
    except FontMissing as error:
        if os.environ.get("EXCHANGE_REQUIRE_SERVICES"):
            raise
        pytest.skip(f"PDF tests need a Chinese font ({error})")
