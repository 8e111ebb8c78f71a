"""Posting forms: field syntax only; the rules live in ``services`` and ``rules``."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from exchange.postings.models import ENDING_KINDS, EndCategory, TermChangeKind
from exchange.web.forms import RequiredSelectField, VersionedForm


class ProposeForm(VersionedForm):
    """A proposal for a cadre; its version is the cadre's, whose home unit it starts from."""

    programme_id = RequiredSelectField(_l("Programme"), coerce=int)
    home_department_id = RequiredSelectField(_l("Home department"), coerce=int)
    home_position = StringField(_l("Home position"), validators=[DataRequired(), Length(max=120)])
    host_department_id = RequiredSelectField(_l("Host department"), coerce=int)
    host_position = StringField(
        _l("Host position (挂职职务)"), validators=[DataRequired(), Length(max=120)]
    )
    portfolio = StringField(_l("Portfolio"), validators=[Length(max=200)])
    start_date = DateField(_l("Start"), validators=[InputRequired()])
    planned_end_date = DateField(_l("Planned end"), validators=[InputRequired()])
    submit = SubmitField(_l("Propose"))


class ActionForm(VersionedForm):
    submit = SubmitField(_l("Confirm"))


class ReasonForm(VersionedForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Confirm"))


class ExtendForm(VersionedForm):
    new_end_date = DateField(_l("New planned end"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Extend"))


class EndEarlyForm(VersionedForm):
    kind = RequiredSelectField(_l("Kind"), choices=TermChangeKind.choices(ENDING_KINDS))
    end_date = DateField(_l("Last day in post"), validators=[InputRequired()])
    category = RequiredSelectField(_l("Why"), choices=EndCategory.choices())
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("End early"))


class ConsentForm(VersionedForm):
    """Agree to a term change; the version is the request's. The admin gives a reason."""

    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Agree"))
