"""Forms shared by every feature: the base every form derives from, CSRF-only actions, the
optimistic-lock carrier, and the fields every form uses for a required choice or date."""

import functools
from datetime import date
from typing import Any, Self, TypeVar

from babel.support import NullTranslations, Translations
from flask import current_app, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    DateField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import Choice
from wtforms.i18n import messages_path
from wtforms.validators import InputRequired, StopValidation
from wtforms.widgets import Select

from exchange.errors_domain import ConflictError
from exchange.text import clean_line, clean_text
from exchange.web.params import MAX_DATE, MIN_DATE

R = TypeVar("R")

PLEASE_CHOOSE = _l("Please choose")
CHOOSE_ONE = _l("Choose one of the options.")
ENTER_DATE = _l("Enter a date.")

CHANGED = _l("This record changed since you opened it. Reload the page, then try again.")


OUT_OF_CALENDAR = _l("Enter a date between 1900 and 2999.")


def _within_calendar(value):
    """A date (or month) the app's date arithmetic can move by days, months and years."""
    if isinstance(value, date) and not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(OUT_OF_CALENDAR)
    return value


class ListedSelect(Select):
    """WTForms' ``<select>``, each plain option written in one step.

    WTForms writes every option's attributes through ``html_params`` (sorted, cleaned,
    escaped one by one), about 15 µs an option: a form listing a region's 60 districts
    or its departments spent a millisecond and more on its options alone. The HTML is
    the same, byte for byte (tests/test_forms.py); options with extra attributes, or
    rendered with extra arguments, still go through WTForms.
    """

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        label = escape(choice.label or choice.value)
        if choice.selected:
            return Markup('<option selected value="%s">%s</option>') % (value, label)
        return Markup('<option value="%s">%s</option>') % (value, label)


def _plain_select(field_class, unbound_field) -> bool:
    """A single-choice select field drawn by WTForms' own widget, unchanged by its form."""
    widget = getattr(field_class, "widget", None)
    if not isinstance(widget, Select) or type(widget) is not Select:
        return False
    return (
        issubclass(field_class, SelectField)
        and "widget" not in unbound_field.kwargs
        and not widget.multiple
    )


class BaseForm(FlaskForm):
    """Every form of the app: what a field accepts however the form declares it.

    Typed text loses control characters and Unicode bidi controls (one-line fields keep
    no line breaks either), passwords excepted; dates and months outside 1900–2999 are
    refused. ``tests/security/test_bad_input.py`` checks that every form derives from this.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            extra = ()
            if issubclass(field_class, TextAreaField):
                extra = (clean_text,)
            elif issubclass(field_class, StringField) and not issubclass(
                field_class, PasswordField
            ):
                extra = (clean_line,)
            elif issubclass(field_class, DateField):
                extra = (_within_calendar,)
            if extra:  # the declared filters run after ours (the unbound field stays as declared)
                declared = unbound_field.kwargs.get("filters") or ()
                options = {**options, "filters": [*extra, *declared]}
            if _plain_select(field_class, unbound_field):
                options = {**options, "widget": LISTED_SELECT}
            return super().bind_field(form, unbound_field, options)

        def get_translations(self, form):
            """WTForms' own messages in the page's language, read from disk once per
            language (Flask-WTF reads the catalogue again on every request)."""
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_messages(str(get_locale() or ""))


@functools.cache
def _wtforms_messages(locale: str) -> NullTranslations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


LISTED_SELECT = ListedSelect()


class EmptyForm(BaseForm):
    """CSRF protection for POST actions that carry no other data."""

    submit = SubmitField(_l("Confirm"))


class VersionedForm(BaseForm):
    """Carries the version of the record the user saw, for the optimistic lock.

    ``opened_version()`` is None when the field is missing or not a number;
    ``unchanged(record)`` then treats the form as stale (409), never as "no check".
    Services that take the version themselves get ``opened_version()``; for the others
    the view wraps the record: ``services.add_comment(form.unchanged(report), ...)``.
    """

    version = HiddenField()

    @classmethod
    def of(cls, record: Any, **kwargs: Any) -> Self:
        """On a GET, the form filled from ``record`` (its version included); on a POST,
        what was submitted and nothing else, so a missing version stays missing.
        ``kwargs`` go to the form's constructor both times (not field data)."""
        if request.method == "GET":
            return cls(obj=record, **kwargs)
        return cls(**kwargs)

    def opened_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def unchanged(self, record: R, message: Any = CHANGED) -> R:
        """``record`` when it is still at the version this form was opened at; else a
        ``ConflictError`` (409) for ``act()`` to show."""
        if self.opened_version() != getattr(record, "version", None):
            raise ConflictError([(None, "stale", message)])
        return record


class RequiredSelectField(SelectField):
    """A choice the user must make: the select starts on an empty "请选择" option, never on
    the first real one (an account's role, an appraisal's grade, a department), and an
    empty answer is refused with ``message``. The blank is added here, so views set only
    the real choices."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        self.required_message = message or CHOOSE_ONE
        kwargs.setdefault("default", None)
        super().__init__(label, validators, **kwargs)
        self.flags.required = True

    def _blank(self) -> Choice:
        return Choice("", PLEASE_CHOOSE, self.data in (None, ""), {})

    def iter_choices(self):
        yield self._blank()
        yield from super().iter_choices()

    def iter_groups(self):
        yield (None, [self._blank()])
        yield from super().iter_groups()

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0] in ("", None):
            self.data = None
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if self.data in (None, ""):
            self.errors[:] = []
            raise StopValidation(self.required_message)
        super().pre_validate(form)


class RequiredDateField(DateField):
    """A date the user must give, refused with a message in their language when missing."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        validators = [InputRequired(message=message or ENTER_DATE), *(validators or [])]
        super().__init__(label, validators, **kwargs)
