from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, IntegerField, SubmitField, TextAreaField
from wtforms.fields import MonthField
from wtforms.validators import InputRequired, Length, Optional

from exchange.web.forms import BaseForm, VersionedForm


class SheetForm(VersionedForm):
    month = MonthField(_l("Month"), validators=[InputRequired()])
    days_on_site = DecimalField(_l("Days on site"), places=1, validators=[InputRequired()])
    days_on_leave = DecimalField(
        _l("Days on approved leave"), places=1, validators=[InputRequired()]
    )
    days_travel = DecimalField(
        _l("Days on business travel"), places=1, validators=[InputRequired()]
    )
    days_absent = DecimalField(
        _l("Days absent without leave"), places=1, validators=[InputRequired()]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    save = SubmitField(_l("Save as draft"))
    submit_sheet = SubmitField(_l("Submit to the home side"))


class RuleForm(BaseForm):
    due_day = IntegerField(_l("Due on day (of the next month)"), validators=[InputRequired()])
    due_source = TextAreaField(_l("Source of the due day"), validators=[Length(max=2000)])
    min_presence_percent = IntegerField(
        _l("Least share of working days on site (%)"), validators=[InputRequired()]
    )
    presence_source = TextAreaField(_l("Source of the least share"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Save the rule"))
