from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from exchange.web.forms import BaseForm, RequiredSelectField
from exchange.workdays.models import DayKind


class DayRangeForm(BaseForm):
    first = DateField(_l("First day"), validators=[InputRequired()])
    last = DateField(_l("Last day (empty: one day)"), validators=[Optional()])
    kind = RequiredSelectField(_l("Kind of day"), choices=DayKind.choices())
    name = StringField(_l("Holiday"), validators=[InputRequired(), Length(max=40)])
    source = StringField(_l("Source"), validators=[Length(max=200)])
    submit = SubmitField(_l("Save the days"))
