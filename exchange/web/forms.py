"""Forms shared by every feature: CSRF-only actions and the optimistic-lock carrier."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField


class EmptyForm(FlaskForm):
    """CSRF protection for POST actions that carry no other data."""

    submit = SubmitField(_l("Confirm"))


class VersionedForm(FlaskForm):
    """Carries the version of the record the user saw, for the optimistic lock.

    ``opened_version()`` is None when the field is missing or not a number; services
    then treat the form as stale (409), never as "no check".
    """

    version = HiddenField()

    def opened_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None
