"""Markdown bodies rendered to safe HTML: markdown-it-py, then an nh3 whitelist."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Raw HTML in the body is shown as text, never passed through; tables are allowed.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _demote_headings(html: str) -> str:
    """``#`` and ``##`` in a report would compete with the page's own headings."""
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


def sanitize_html(html: str) -> str:
    """Only the whitelisted tags, attributes and link schemes of ``html`` survive."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str) -> Markup:
    """Safe HTML for a report or comment body."""
    clean = sanitize_html(_demote_headings(_markdown.render(text or "")))
    return Markup(clean)
