"""干部履历 in the form of the 干部任免审批表: the home post with its postings nested.

A posting is not a post of its own in the 简历: it is a sub-entry of the home post held
all along, whose period is the home tenure (from 任现职时间), not the posting's::

    2019.06--         两江新区现代服务业局副局长（其间：2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任）

Date and text are separated by two spaces; an open period is written ``YYYY.MM--`` and
padded so that its text starts where a closed period's would. The separator of a closed
period (``—`` or ``--``) is the setting ``RESUME_SEPARATOR``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from exchange.postings.models import SERVED_STATUSES, PostingStatus

SEPARATORS = ("—", "--")
DEFAULT_SEPARATOR = "—"
OPEN = "--"  # an open period: "2019.06--"
GAP = "  "  # two spaces between the period and the text


def ym(day: date) -> str:
    return f"{day.year}.{day.month:02d}"


def width(text: str) -> int:
    """Columns on the printed form: wide and ambiguous characters (``—``, 汉字) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def period(start: date, end: date | None, separator: str = DEFAULT_SEPARATOR) -> str:
    return f"{ym(start)}{separator}{ym(end)}" if end else f"{ym(start)}{OPEN}"


def entry(period_text: str, text: str, separator: str = DEFAULT_SEPARATOR) -> str:
    """``period  text``; an open period is padded to the width of a closed one."""
    closed = width(period(date(2000, 1, 1), date(2000, 1, 1), separator))
    pad = max(0, closed - width(period_text))
    return f"{period_text}{' ' * pad}{GAP}{text}"


def _end(posting) -> date | None:
    if posting.status == PostingStatus.ACTIVE:
        return None
    return posting.end_date


def host_text(posting) -> str:
    return f"{posting.host_district.name}{posting.host_department.name}{posting.host_position}"


def home_text(posting_or_cadre) -> str:
    department = posting_or_cadre.home_department
    return f"{department.district.name}{department.name}{posting_or_cadre.home_position}"


def sub_entry(posting, separator: str = DEFAULT_SEPARATOR) -> str:
    """``2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任``"""
    return f"{period(posting.start_date, _end(posting), separator)}{GAP}挂职任{host_text(posting)}"


def nested(postings, separator: str = DEFAULT_SEPARATOR) -> str:
    """``（其间：A；B）`` for the postings in order of their start."""
    parts = [sub_entry(p, separator) for p in sorted(postings, key=lambda p: p.start_date)]
    return f"（其间：{'；'.join(parts)}）" if parts else ""


@dataclass
class Resume:
    """The cadre's résumé lines the record can give.

    ``current`` is the home-post line (None without 任现职时间); ``earlier`` pairs each
    posting from before the current post with its sub-entry, to add to that post's line.
    """

    current: str | None
    earlier: list[tuple[str, str]] = field(default_factory=list)


def served(postings) -> list:
    return [p for p in postings if p.status in SERVED_STATUSES]


def resume_of(cadre, postings, separator: str = DEFAULT_SEPARATOR) -> Resume:
    postings = sorted(served(postings), key=lambda p: p.start_date)
    since = cadre.home_position_month
    if since is None:
        return Resume(None, [(home_text(p), sub_entry(p, separator)) for p in postings])
    first = since.replace(day=1)
    during = [p for p in postings if p.start_date >= first]
    before = [p for p in postings if p.start_date < first]
    line = entry(period(since, None, separator), home_text(cadre) + nested(during, separator))
    return Resume(line, [(home_text(p), sub_entry(p, separator)) for p in before])


def configured_separator(app_config) -> str:
    value = app_config.get("RESUME_SEPARATOR", DEFAULT_SEPARATOR)
    return value if value in SEPARATORS else DEFAULT_SEPARATOR
