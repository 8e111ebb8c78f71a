"""Patch a ``.lrmx`` file (the XML of the 中组部 任免表编辑器) and keep everything else.

The root is ``<Person>``; ``JianLi`` holds the résumé, one entry a line
(``2019.06--2021.01  text``), ``NianDuKaoHeJieGuo`` the annual results. There is no
public specification: the fields are those public tools read and write alike. The
patch writes a posting's 其间 sub-entry into the ``JianLi`` line whose period contains
the posting (or updates it), optionally merges the annual results, and changes nothing
else: unknown elements, comments, attributes and the photo stay as they were.

Parsing is defused (defusedxml): no DTD, no entity expansion, no external entities.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from exchange.documents import resume

RESUME = "JianLi"
NAME = "XingMing"
BIRTH = "ChuShengNianYue"
ANNUAL = "NianDuKaoHeJieGuo"

_PERIOD = re.compile(
    r"^(?P<lead>\s*)(?P<y1>\d{4})[.．](?P<m1>\d{1,2})\s*(?P<sep>--|—+|－－|–|-|~|～|至)\s*"
    r"(?:(?P<y2>\d{4})[.．](?P<m2>\d{1,2}))?"
)
_ANNUAL = re.compile(r"(\d{4})\s*年度?[^；;。，,\d]*?(基本称职|不称职|优秀|称职)")
GRADES = ("excellent", "competent", "basically_competent", "not_competent")


class LrmxError(ValueError):
    """The file cannot be patched; ``code`` says why (the view words it)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Identity:
    name: str
    birth_month: str  # "YYYYMM" or ""


def parse(data: bytes) -> ET.Element:
    """The ``<Person>`` root, parsed without DTDs, entities or external references."""
    parser = DefusedXMLParser(
        target=ET.TreeBuilder(insert_comments=True, insert_pis=True),
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=True,
    )
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as error:
        raise LrmxError("unsafe_xml", type(error).__name__) from error
    except ET.ParseError as error:
        raise LrmxError("not_xml", str(error)) from error
    if root.tag != "Person":
        raise LrmxError("no_person")
    return root


def serialize(root: ET.Element) -> bytes:
    body = ET.tostring(root, encoding="unicode")
    # A carriage return inside a value survives only as a character reference.
    body = body.replace("\r", "&#13;")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body.encode("utf-8")


def _text(root: ET.Element, tag: str) -> str:
    element = root.find(tag)
    return (element.text or "") if element is not None else ""


def normal_name(name: str) -> str:
    """Forms pad two-character names (``张  想``): compare without any spaces."""
    return re.sub(r"\s+", "", name or "")


def normal_month(value: str) -> str:
    """``197706``, ``1977.06``, ``1977-6``, ``1977年6月`` → ``197706`` ("" if unreadable)."""
    match = re.search(r"(\d{4})\D{0,2}(\d{1,2})", value or "")
    if not match:
        return ""
    return f"{match.group(1)}{int(match.group(2)):02d}"


def identity(root: ET.Element) -> Identity:
    return Identity(normal_name(_text(root, NAME)), normal_month(_text(root, BIRTH)))


def matches(root: ET.Element, name: str, birth_month) -> bool:
    found = identity(root)
    wanted = f"{birth_month.year}{birth_month.month:02d}" if birth_month else ""
    return bool(found.name == normal_name(name) and wanted and found.birth_month == wanted)


# The résumé text -------------------------------------------------------------------------


def _month_index(year: str, month: str) -> int:
    return int(year) * 12 + int(month) - 1


def _lines(text: str) -> tuple[list[str], str]:
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.split(newline), newline


def _entries(lines: list[str]) -> list[tuple[int, int, int, int | None]]:
    """``(first line, last line, start month, end month or None)`` of each dated entry."""
    found: list[tuple[int, int, int, int | None]] = []
    for index, line in enumerate(lines):
        match = _PERIOD.match(line)
        if not match:
            if found:  # a wrapped entry goes on in the next line
                first, _last, start, end = found[-1]
                found[-1] = (first, index, start, end)
            continue
        start = _month_index(match["y1"], match["m1"])
        end = _month_index(match["y2"], match["m2"]) if match["y2"] else None
        found.append((index, index, start, end))
    return found


def _sub_entry_key(posting) -> str:
    return resume.ym(posting.start_date)


def patch_resume(text: str, posting, separator: str) -> str:
    """The résumé with the posting's 其间 sub-entry in the line whose period contains it."""
    lines, newline = _lines(text)
    start = _month_index(str(posting.start_date.year), str(posting.start_date.month))
    containing = [e for e in _entries(lines) if e[2] <= start and (e[3] is None or start <= e[3])]
    if not containing:
        raise LrmxError("no_line", resume.ym(posting.start_date))
    first, last, _s, _e = max(containing, key=lambda e: e[2])
    sub = resume.sub_entry(posting, separator)
    key = _sub_entry_key(posting)
    block = newline.join(lines[first : last + 1])
    opened = block.rfind("（其间：")
    if opened != -1 and block.rstrip().endswith("）"):
        inner = block[opened + len("（其间：") : block.rstrip().rfind("）")]
        parts = [p for p in re.split("[；;]", inner) if p.strip()]
        kept = [p for p in parts if not (p.strip().startswith(key) and "挂职" in p)]
        new_parts = sorted([*kept, sub], key=lambda p: p.strip()[:7])
        block = block[:opened] + f"（其间：{'；'.join(new_parts)}）" + block[len(block.rstrip()) :]
    else:
        stripped = block.rstrip()
        block = stripped + f"（其间：{sub}）" + block[len(stripped) :]
    lines[first : last + 1] = block.split(newline)
    return newline.join(lines)


def patch_annual(text: str, results: dict[int, str]) -> str:
    """``2020年度考核优秀；2021年度考核称职。``, keeping the years the file has and we do not."""
    from exchange.appraisals.models import GRADE_TEXT

    years = {int(y): grade for y, grade in _ANNUAL.findall(text or "")}
    for year, grade in results.items():
        if grade in GRADE_TEXT:
            years[year] = GRADE_TEXT[grade]
    if not years:
        return text
    return "；".join(f"{year}年度考核{years[year]}" for year in sorted(years)) + "。"


def patch(data: bytes, cadre, postings, annual: dict[int, str] | None, separator: str) -> bytes:
    """The patched file of ``cadre``; refuses another cadre's file (:class:`LrmxError`)."""
    root = parse(data)
    if not matches(root, cadre.name, cadre.birth_month):
        found = identity(root)
        raise LrmxError("other_cadre", f"{found.name} {found.birth_month}".strip())
    element = root.find(RESUME)
    if element is None:
        raise LrmxError("no_resume")
    text = element.text or ""
    for posting in sorted(postings, key=lambda p: p.start_date):
        text = patch_resume(text, posting, separator)
    element.text = text
    if annual:
        target = root.find(ANNUAL)
        if target is None:
            target = ET.SubElement(root, ANNUAL)
        target.text = patch_annual(target.text or "", annual)
    return serialize(root)
