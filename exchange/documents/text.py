"""Plain text for documents: dates as the forms write them, Markdown bodies as paragraphs."""

from __future__ import annotations

from datetime import date, datetime

from markdown_it import MarkdownIt

from exchange.clock import TZ

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def cn_date(value: date | datetime | None) -> str:
    """``2020年9月7日``; a timestamp counts in the districts' time zone; blank lines if None."""
    if value is None:
        return "年    月    日"
    if isinstance(value, datetime):
        value = value.astimezone(TZ).date()
    return f"{value.year}年{value.month}月{value.day}日"


def cn_month(value: date | None) -> str:
    return f"{value.year}.{value.month:02d}" if value else ""


def markdown_paragraphs(body: str) -> list[str]:
    """The report's Markdown as paragraphs of plain text (headings and list items kept apart)."""
    paragraphs: list[str] = []
    prefix = ""
    for token in _markdown.parse(body or ""):
        if token.type == "bullet_list_open":
            prefix = "• "
        elif token.type == "bullet_list_close":
            prefix = ""
        elif token.type == "inline":
            text = "".join(
                child.content if child.type in ("text", "code_inline") else "\n"
                for child in token.children or []
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
            if text.strip():
                paragraphs.append(prefix + text.strip())
        elif token.type in ("code_block", "fence") and token.content.strip():
            paragraphs.append(token.content.rstrip())
    return paragraphs
