"""Jinja filters and helpers: dates, months, and enum labels and badges in the user's language."""

import functools
from datetime import date, datetime

from babel.dates import format_skeleton
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from exchange.dates import days_to_months
from exchange.enums import enum_named


def fmt_date(value: date | None, fmt: str = "medium") -> str:
    if value is None:
        return "—"
    if type(value) is not date:  # a datetime: its day depends on the time zone
        return format_date(value, fmt)
    return _date_text(value, fmt, str(get_locale()))


# Lists repeat the same days, statuses and months row after row; each is formatted once
# per language (Babel's formatting was a third of a list page's template work).
@functools.lru_cache(maxsize=8192)
def _date_text(value: date, fmt: str, _locale: str) -> str:
    return format_date(value, fmt)


def nowrap_date(value: date | None, fmt: str = "medium") -> Markup:
    """The ``date`` filter: a date never breaks across lines (2026年\n9月1日)."""
    if type(value) is date:  # a list's days repeat: the markup is made once per language
        return _nowrap_text(value, fmt, str(get_locale()))
    return Markup('<span class="text-nowrap">{}</span>').format(fmt_date(value, fmt))


@functools.lru_cache(maxsize=8192)
def _nowrap_text(value: date, fmt: str, _locale: str) -> Markup:
    return Markup('<span class="text-nowrap">{}</span>').format(_date_text(value, fmt, _locale))


def fmt_month(value: date | None) -> str:
    """A month as the pages show it: 2026年11月 (Nov 2026 in English)."""
    if value is None:
        return "—"
    return _month_text(value.year, value.month, str(get_locale() or "zh_Hans_CN"))


@functools.lru_cache(maxsize=4096)
def _month_text(year: int, month: int, locale: str) -> str:
    return format_skeleton("yMMM", date(year, month, 1), locale=locale)


def fmt_datetime(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return "—"
    return format_datetime(value, fmt)


def label(value, group: str) -> str:
    """The translated label of an enum value, e.g. ``'active' | label('posting_status')``.

    ``group`` names the enum in snake case; its members carry the labels.
    """
    member = enum_named(group).coerce(value)
    return member.label if member is not None else str(getattr(value, "value", value))


def status_badge(value, group: str = "posting_status") -> Markup:
    """The status as a Bootstrap badge in the enum's colour."""
    return _badge(str(getattr(value, "value", value)), group, str(get_locale()))


@functools.lru_cache(maxsize=1024)
def _badge(value: str, group: str, _locale: str) -> Markup:
    member = enum_named(group).coerce(value)
    css = member.badge if member is not None else "text-bg-light"
    return Markup('<span class="badge {}">{}</span>').format(css, label(value, group))


def init_app(app) -> None:
    app.jinja_env.filters.update(
        date=nowrap_date,
        date_text=fmt_date,  # plain text, where no markup may go (an SVG title)
        datetime=fmt_datetime,
        month=fmt_month,
        label=label,
        status_badge=status_badge,
        months=days_to_months,
        number=format_decimal,  # 1,000 (grouped as the user's language groups digits)
    )
    from exchange.postings.durations import posting_durations

    app.jinja_env.globals["durations"] = posting_durations
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["yes_no"] = lambda v: _l("Yes") if v else _l("No")
