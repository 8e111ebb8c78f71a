"""Leave forms: field syntax only; the rules live in ``services``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from exchange.leave.models import LeaveKind
from exchange.web.enum_filters import select_choices
from exchange.web.forms import VersionedForm


class LeaveForm(FlaskForm):
    kind = SelectField(
        _l("Kind of leave"), choices=select_choices(LeaveKind), validators=[InputRequired()]
    )
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    start_half = BooleanField(_l("Starts at noon (afternoon only)"))
    end_date = DateField(_l("Last day"), validators=[InputRequired()])
    end_half = BooleanField(_l("Ends at noon (morning only)"))
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=2000)])
    submit = SubmitField(_l("Ask for leave"))


class DecisionForm(VersionedForm):
    reason = TextAreaField(_l("Opinion or reason"), validators=[Optional(), Length(max=2000)])


class ReportBackForm(VersionedForm):
    returned_date = DateField(_l("Back at work on"), validators=[InputRequired()])
    submit = SubmitField(_l("Report back"))
