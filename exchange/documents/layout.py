"""A document as the paper forms lay it out, written once and rendered as DOCX and as PDF.

The builders (``forms.py``) describe a form with these blocks; ``docx.py`` and
``pdf.py`` each render every block, so the two files say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLANK_DATE = "年    月    日"
STAMP = "（盖章）"


@dataclass
class Title:
    text: str


@dataclass
class Paragraph:
    text: str
    align: str = "L"  # L, C, R
    size: float = 12
    bold: bool = False


@dataclass
class Heading:
    """A heading that goes into the outline (and the 汇编's contents)."""

    text: str
    level: int = 1


@dataclass
class Cell:
    text: str = ""
    span: int = 1
    label: bool = False  # a printed caption of the form: centred
    align: str = "L"


@dataclass
class Opinion:
    """An opinion box: who says it, the words, then the signature, stamp and date lines."""

    label: str
    text: str
    signer: str = ""  # e.g. "两江新区组织人事部" or the officer who signed in the app
    date: str = BLANK_DATE
    stamp: bool = True

    @property
    def closing(self) -> list[str]:
        lines = [f"{self.signer}{STAMP}" if self.stamp else self.signer]
        return [line for line in (*lines, self.date) if line]


Row = list[Cell] | Opinion


@dataclass
class Table:
    """A grid of ``widths`` (relative); each row is a list of cells or one opinion."""

    widths: list[float]
    rows: list[Row] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return len(self.widths)


@dataclass
class PageBreak:
    pass


@dataclass
class Contents:
    """The 汇编's contents: every level-1 heading that follows, with its page (PDF)."""

    title: str = "目  录"


Block = Title | Paragraph | Heading | Table | PageBreak | Contents


@dataclass
class Document:
    title: str  # the file's title (metadata)
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self
