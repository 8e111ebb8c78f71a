"""Jinja filters and helpers: dates, months, and enum labels and badges in the user's language.

A page asks for its language a few hundred times (every ``_()``, date and badge), and
Flask-Babel finds it anew each time through four context-local lookups and the locale's
name, about 8 µs a call, a tenth of a list page. Each render therefore looks the
language and its catalogue up once, in a context processor (``_locale``,
``_translations``); the templates' ``_()``/``ngettext()`` and the filters read them from
the template's context. Where a template has no such context (a macro imported without
context, a template rendered outside Flask), they ask Flask-Babel as before. A render
inside ``force_locale`` (mail in the default language) looks them up inside it, so it
gets the forced language.
"""

import functools
from datetime import UTC, date, datetime

from babel import Locale
from babel.dates import format_skeleton, format_time, get_datetime_format
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    get_timezone,
    get_translations,
)
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from markupsafe import Markup

from exchange.dates import days_to_months
from exchange.enums import enum_named
from exchange.i18n import RENDER_LOCALE, locale_of


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


# This render's language, looked up once (see the module's docstring) --------------------

_TRANSLATIONS, _TIMEZONE = "_translations", "_timezone"


def _render_language() -> dict:
    return {
        RENDER_LOCALE: str(get_locale()),
        _TRANSLATIONS: get_translations(),
        _TIMEZONE: get_timezone(),
    }


def _translations_of(context):
    translations = context.get(_TRANSLATIONS)
    return translations if translations is not None else get_translations()


@pass_context
def _gettext(context, string):
    return _translations_of(context).ugettext(string)


@pass_context
def _ngettext(context, singular, plural, n):
    return _translations_of(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context, ctx, string):
    return _translations_of(context).upgettext(ctx, string)


@pass_context
def _npgettext(context, ctx, singular, plural, n):
    return _translations_of(context).unpgettext(ctx, singular, plural, n)


@pass_context
def _date_filter(context, value: date | None, fmt: str = "medium") -> Markup:
    if type(value) is date:
        return _nowrap_text(value, fmt, locale_of(context))
    return nowrap_date(value, fmt)


@pass_context
def _date_text_filter(context, value: date | None, fmt: str = "medium") -> str:
    if type(value) is date:
        return _date_text(value, fmt, locale_of(context))
    return fmt_date(value, fmt)


_NAMED_FORMATS = ("short", "medium", "long", "full")


@pass_context
def _datetime_filter(context, value: datetime | None, fmt: str = "medium") -> str:
    """``fmt_datetime``: the moment in the reader's time zone, as Babel writes it (the date
    part from the per-language cache of days, the pattern looked up once per language)."""
    timezone = context.get(_TIMEZONE)
    if value is None or timezone is None or fmt not in _NAMED_FORMATS:
        return fmt_datetime(value, fmt)
    local = (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).astimezone(timezone)
    locale = locale_of(context)
    pattern, babel_locale = _datetime_pattern(fmt, locale)
    return pattern.replace(
        "{0}", format_time(local, fmt, tzinfo=None, locale=babel_locale)
    ).replace("{1}", _date_text(local.date(), fmt, locale))


@functools.lru_cache(maxsize=64)
def _datetime_pattern(fmt: str, locale: str) -> tuple[str, Locale]:
    parsed = Locale.parse(locale)
    pattern = str(get_datetime_format(fmt, locale=parsed))  # type: ignore[arg-type]
    return pattern.replace("'", ""), parsed


@pass_context
def _month_filter(context, value: date | None) -> str:
    if value is None:
        return "—"
    return _month_text(value.year, value.month, locale_of(context))


@pass_context
def _badge_filter(context, value, group: str = "posting_status") -> Markup:
    return _badge(str(getattr(value, "value", value)), group, locale_of(context))


def init_app(app) -> None:
    app.context_processor(_render_language)
    # After Flask-Babel's own (i18n.init_app): the same callables, reading the render's.
    app.jinja_env.install_gettext_callables(
        gettext=_gettext,
        ngettext=_ngettext,
        pgettext=_pgettext,
        npgettext=_npgettext,
        newstyle=True,
    )
    app.jinja_env.filters.update(
        date=_date_filter,
        date_text=_date_text_filter,  # plain text, where no markup may go (an SVG title)
        datetime=_datetime_filter,
        month=_month_filter,
        label=label,
        status_badge=_badge_filter,
        months=days_to_months,
        number=format_decimal,  # 1,000 (grouped as the user's language groups digits)
    )
    from exchange.postings.durations import posting_durations

    app.jinja_env.globals["durations"] = posting_durations
    app.jinja_env.globals["current_locale"] = pass_context(locale_of)
    app.jinja_env.globals["yes_no"] = lambda v: _l("Yes") if v else _l("No")
