"""The audit log in the reader's language: an event's action and changed fields as words.

An action code ("posting.accept") reads as a verb and a record ("接收 挂职"); a field
name as its label; an enum value (a status, a grade) as its label. Codes with no words
yet show as they are, so a new action is never hidden.
"""

import re
from functools import lru_cache

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context

from exchange.dates import day_text
from exchange.enums import enum_named
from exchange.i18n import locale_of
from exchange.web.params import parse_date

ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")

RECORDS = {
    "posting": _l("posting"),
    "report": _l("report"),
    "appraisal": _l("appraisal"),
    "cadre": _l("cadre"),
    "user": _l("account"),
    "leave": _l("leave"),
    "talk": _l("talk"),
    "attendance": _l("attendance sheet"),
    "programme": _l("programme"),
    "import": _l("import"),
    "attachment": _l("attachment"),
    "district": _l("district"),
    "department": _l("department"),
    "document": _l("document"),
    "calendar": _l("holiday table"),
}
VERBS = {
    "login": _l("signed in"),
    "login_failed": _l("failed to sign in"),
    "logout": _l("signed out"),
    "create": _l("created"),
    "update": _l("changed"),
    "delete": _l("deleted"),
    "accept": _l("accepted"),
    "decline": _l("declined"),
    "start": _l("started"),
    "extend": _l("extended"),
    "end_early": _l("ended early"),
    "cancel": _l("cancelled"),
    "complete": _l("completed"),
    "submit": _l("submitted"),
    "comment": _l("commented on"),
    "remark": _l("remarked on"),
    "approve": _l("approved"),
    "withdraw": _l("withdrew"),
    "request": _l("requested"),
    "report_back": _l("reported back from"),
    "record": _l("recorded"),
    "record_historic": _l("recorded a past"),
    "upload": _l("uploaded"),
    "download": _l("downloaded"),
    "disable": _l("disabled"),
    "password_change": _l("changed the password of"),
    "password_reset": _l("reset the password of"),
    "confirm": _l("confirmed"),
    "discard": _l("discarded"),
    # Two-sided governance: term changes of a posting, change requests of a programme.
    "request_extension": _l("asked to extend"),
    "request_early_end": _l("asked to end early"),
    "request_recall": _l("asked to recall from"),
    "agree_term_change": _l("agreed to the term change of"),
    "decline_term_change": _l("declined the term change of"),
    "withdraw_term_change": _l("withdrew the term change of"),
    "change_proposed": _l("proposed a change of"),
    "change_confirmed": _l("confirmed the change of"),
    "change_declined": _l("declined the change of"),
    "change_withdrawn": _l("withdrew the change of"),
    "change_applied": _l("applied the change of"),
    "change_directly": _l("changed directly"),
    "in_force": _l("brought into force"),
}
FIELDS = {
    "status": _l("Status"),
    "grade": _l("Grade"),
    "proposed_grade": _l("Proposed grade"),
    "final_grade": _l("Final grade"),
    "planned_end_date": _l("Planned end"),
    "actual_end_date": _l("Actual end"),
    "start_date": _l("Start"),
    "end_date": _l("End"),
    "reason": _l("Reason"),
    "end_reason": _l("Reason for the early end"),
    "decision_reason": _l("Reason"),
    "extension_reason": _l("Reason for extending"),
    "name": _l("Name"),
    "title": _l("Title"),
    "host_position": _l("Host position"),
    "home_position": _l("Home position"),
    "display_order": _l("Display order"),
}
# Fields whose values are codes of an enum (by the enum's snake-case name), per record.
VALUE_ENUMS = {
    ("posting", "status"): "posting_status",
    ("report", "status"): "report_status",
    ("leave", "status"): "leave_status",
    ("appraisal", "status"): "appraisal_status",
    ("appraisal", "proposed_grade"): "grade",
    ("appraisal", "final_grade"): "grade",
    ("appraisal", "grade"): "grade",
}


# The log repeats the same actions, fields and codes event after event: each is worded
# once per language (translating them anew took half of the audit page's time).


def action_words(action: str) -> str:
    """ "posting.accept" → "接收挂职", "auth.login" → "登录"; unknown codes as they are."""
    return _action_words(action, str(get_locale()))


@lru_cache(maxsize=1024)
def _action_words(action: str, _locale: str) -> str:
    record, _dot, verb = action.partition(".")
    if verb not in VERBS or (record not in RECORDS and record != "auth"):
        return action
    if record == "auth":
        return str(VERBS[verb])
    return gettext("%(verb)s the %(record)s", verb=VERBS[verb], record=RECORDS[record])


def field_words(name: str) -> str:
    return _field_words(name, str(get_locale()))


@lru_cache(maxsize=1024)
def _field_words(name: str, _locale: str) -> str:
    return str(FIELDS.get(name, name))


def value_words(action: str, name: str, value, _locale: str | None = None) -> str:
    """A changed value as its label where it is an enum code, else as it is."""
    if value is None:
        return "—"
    group = VALUE_ENUMS.get((action.partition(".")[0], name))
    if group is not None and isinstance(value, str | int):
        return _code_words(group, value, _locale or str(get_locale()))
    return str(value)


@lru_cache(maxsize=1024)
def _code_words(group: str, value: str | int, _locale: str) -> str:
    member = enum_named(group).coerce(value)
    return str(member.label) if member is not None else str(value)


def _day(match: re.Match) -> str:
    day = parse_date(match.group(0))
    return day_text(day) if day is not None else match.group(0)


def summary_words(summary: str | None) -> str:
    """A stored summary as shown: its ISO dates (2026-11-26) in the reader's date style.

    Display only; the stored summary is left as it was written. Text that only looks like
    a date (2026-13-45) stays as it is.
    """
    return ISO_DATE.sub(_day, str(summary or ""))


# The same, for templates: in the language of the page being rendered, looked up once per
# render (``templating``) rather than once per event, field and value.


@pass_context
def action_words_here(context, action: str) -> str:
    return _action_words(action, locale_of(context))


@pass_context
def field_words_here(context, name: str) -> str:
    return _field_words(name, locale_of(context))


@pass_context
def value_words_here(context, action: str, name: str, value) -> str:
    return value_words(action, name, value, locale_of(context))
