"""When an appraisal may be written, and which side decides: read from the programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from exchange.postings.models import SERVED_STATUSES
from exchange.programmes.models import TermRuleKind

#: 考核鉴定 opens this many days before the end when the programme sets no window.
DEFAULT_WINDOW_DAYS = 30

#: Postings that have begun (in post or finished): only these are appraised.
APPRAISED_STATUSES = SERVED_STATUSES


def _rule(programme, kind: TermRuleKind):
    for rule in programme.term_rules:
        if rule.kind == kind:
            return rule
    return None


def window_days(programme) -> int:
    rule = _rule(programme, TermRuleKind.APPRAISAL_WINDOW_DAYS)
    return DEFAULT_WINDOW_DAYS if rule is None else rule.value


def host_decides_annual_grade(programme) -> bool:
    rule = _rule(programme, TermRuleKind.ANNUAL_GRADE_BY_HOST)
    return bool(rule and rule.value)


def deciding_source(programme) -> str:
    """The text the programme gives for who decides the annual grade ("" when it is silent)."""
    rule = _rule(programme, TermRuleKind.ANNUAL_GRADE_BY_HOST)
    return rule.source if rule else ""


@dataclass(frozen=True)
class Window:
    """The 考核鉴定 window of a posting: from ``opens_on`` to ``due_on`` (its end) inclusive."""

    opens_on: date
    due_on: date

    def is_open(self, on: date) -> bool:
        return on >= self.opens_on

    def is_overdue(self, on: date) -> bool:
        return on > self.due_on


def end_of_term_window(posting) -> Window:
    end = posting.end_date
    return Window(end - timedelta(days=window_days(posting.programme)), end)


def annual_years(posting, today: date) -> list[int]:
    """The calendar years of the posting that have begun by ``today`` (each gets a 年度考核)."""
    if posting.status not in APPRAISED_STATUSES:
        return []
    end = posting.end_date
    last = min(end.year, today.year)
    return list(range(posting.start_date.year, last + 1))
