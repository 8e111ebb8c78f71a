"""Forms shared by every feature: CSRF-only actions and the optimistic-lock carrier."""

from typing import Any, Self, TypeVar

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField

from exchange.errors_domain import ConflictError

R = TypeVar("R")

CHANGED = _l("This record changed since you opened it. Reload the page, then try again.")


class EmptyForm(FlaskForm):
    """CSRF protection for POST actions that carry no other data."""

    submit = SubmitField(_l("Confirm"))


class VersionedForm(FlaskForm):
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
