"""Turning a cell into a value: text, dates, birth months, choices; each failure has a code.

A row's checks collect :class:`Reason` tuples whose field is the column key; the preview
shows them next to the row, under the column's header.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from exchange.errors_domain import Reason
from exchange.text import clean_text

_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")


FORMULA = object()  # what ``raw`` gives for a formula cell, already reported


class Cells:
    """One row's values with the reasons found while reading them."""

    def __init__(self, values: dict[str, Any], headers):
        self.values = values
        self.header = headers  # key -> header text, for messages
        self.reasons: list[Reason] = []

    def add(self, key: str | None, code: str, message) -> None:
        self.reasons.append(Reason(key, code, message))

    def has(self, key: str) -> bool:
        return key in self.values

    def raw(self, key: str) -> Any:
        value = self.values.get(key)
        if isinstance(value, str) and value.startswith("="):
            self.add(
                key,
                "formula",
                _l("%(column)s holds a formula; type the value.", column=self.header(key)),
            )
            return FORMULA
        if value is not None and type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
            self.add(
                key,
                "formula",
                _l("%(column)s holds a formula; type the value.", column=self.header(key)),
            )
            return FORMULA
        return value

    def text(self, key: str, required: bool = False, max_length: int | None = None) -> str:
        value = self.raw(key)
        if value is FORMULA:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime | date):
            value = value.strftime("%Y-%m-%d")
        text = "" if value is None else clean_text(str(value)).strip()
        if required and not text:
            self.add(key, "required", _l("%(column)s is empty.", column=self.header(key)))
        if max_length and len(text) > max_length:
            self.add(
                key,
                "too_long",
                _l(
                    "%(column)s is longer than %(limit)d characters.",
                    column=self.header(key),
                    limit=max_length,
                ),
            )
        return text

    def date(self, key: str, required: bool = False) -> date | None:
        value = self.raw(key)
        if value is FORMULA:
            return None
        if value is None or value == "":
            if required:
                self.add(key, "required", _l("%(column)s is empty.", column=self.header(key)))
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        match = _DATE.match(str(value).strip())
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
        self.add(
            key,
            "not_a_date",
            _l(
                "%(column)s is not a date: %(value)s (write 2020-09-07).",
                column=self.header(key),
                value=str(value)[:40],
            ),
        )
        return None

    def month(self, key: str) -> dt.date | None:
        """A birth month (出生年月): 1980.05, 1980-05, 1980年5月 or a full date; the 1st of it."""
        value = self.raw(key)
        if value is FORMULA or value is None or value == "":
            return None
        if isinstance(value, datetime | date):
            return date(value.year, value.month, 1)
        if isinstance(value, float | int):
            text = f"{value:.2f}".rstrip("0") if isinstance(value, float) else str(value)
            if re.fullmatch(r"\d{4}\.1", text):  # Excel made 1980.10 a number 1980.1
                self.add(
                    key,
                    "ambiguous_month",
                    _l(
                        "%(column)s: 1980.1 may be January or October; write it as text, 1980.01 or 1980.10.",
                        column=self.header(key),
                    ),
                )
                return None
            value = text
        text = str(value).strip()
        match = _MONTH.match(text) or _DATE.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1900 <= year <= 2100 and 1 <= month <= 12:
                return date(year, month, 1)
        self.add(
            key,
            "not_a_month",
            _l(
                "%(column)s is not a year and month: %(value)s (write 1980.05).",
                column=self.header(key),
                value=text[:40],
            ),
        )
        return None

    def choice(self, key: str, choices: dict[str, str], required: bool = False) -> str | None:
        """The stored value for a label in either language (``choices``: lowercased label -> value)."""
        text = self.text(key, required=required)
        if not text:
            return None
        found = choices.get(text.lower())
        if found is None:
            self.add(
                key,
                "invalid_choice",
                _l(
                    "%(column)s: %(value)s is not one of the allowed values.",
                    column=self.header(key),
                    value=text[:40],
                ),
            )
        return found
