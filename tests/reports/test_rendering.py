"""The Markdown sanitiser against known XSS payloads (OWASP filter-evasion style)."""

from html.parser import HTMLParser

import pytest

from exchange.reports.rendering import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    render_markdown,
    sanitize_html,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    '<p style="width: expression(alert(1))">x</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "[x](  javascript:alert(1)  )",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
]


class Inspector(HTMLParser):
    """Collects every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]


def assert_safe(html: str) -> None:
    inspector = Inspector()
    inspector.feed(html)
    assert inspector.tags <= ALLOWED_TAGS, html
    for tag, name, value in inspector.attrs:
        assert not name.startswith("on") and name != "style", html
        assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, html
        if name == "href":
            scheme = "".join(value.split()).lower()
            assert scheme.startswith(("http://", "https://", "mailto:")), html


def test_there_are_enough_payloads():
    assert len(PAYLOADS) >= 25


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_does_not_survive(payload):
    assert_safe(str(render_markdown(payload)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_as_raw_html_does_not_survive_the_sanitiser(payload):
    """Should raw HTML ever reach the sanitiser (e.g. a renderer option), it is still cleaned."""
    assert_safe(sanitize_html(payload))


def test_ordinary_markdown_is_kept():
    html = str(
        render_markdown(
            "# 标题\n\n**所学所获**：*总部经济*\n\n- 一\n- 二\n\n> 引用\n\n"
            "[天府新区](https://www.example.cn) `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        )
    )
    assert "<h3>标题</h3>" in html  # headings are demoted below the page's own
    assert "<strong>所学所获</strong>" in html and "<em>总部经济</em>" in html
    assert "<li>一</li>" in html and "<blockquote>" in html and "<code>code</code>" in html
    assert '<a href="https://www.example.cn" rel="noopener noreferrer">天府新区</a>' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_raw_html_is_shown_as_text():
    html = str(render_markdown("双城生活 <b>很充实</b>"))
    assert "&lt;b&gt;很充实&lt;/b&gt;" in html
