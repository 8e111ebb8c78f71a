from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from exchange.talks.models import TalkMode, TalkSide
from exchange.web.forms import BaseForm, RequiredDateField, RequiredSelectField


class TalkForm(BaseForm):
    side = SelectField(_l("For the side"), choices=TalkSide.choices(), validators=[Optional()])
    talk_date = RequiredDateField(_l("Date"))
    mode = RequiredSelectField(_l("Form"), choices=TalkMode.choices())
    participants = StringField(_l("Who took part"), validators=[InputRequired(), Length(max=300)])
    topics = TextAreaField(_l("Topics"), validators=[Optional(), Length(max=5000)])
    issues = TextAreaField(_l("Issues raised"), validators=[Optional(), Length(max=5000)])
    follow_up = TextAreaField(_l("Follow-up"), validators=[Optional(), Length(max=5000)])
    shared = BooleanField(_l("Share the notes with the official"))
    submit = SubmitField(_l("Record the talk"))


def _cadence_choices():
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice("", _l("No rule"))] + [
        SelectChoice(str(n), _l("Every %(n)d months", n=n)) for n in (1, 2, 3, 4, 6, 12)
    ]


class CadenceForm(BaseForm):
    home_every = SelectField(_l("Home side"), choices=_cadence_choices(), validators=[Optional()])
    home_source = TextAreaField(_l("Source (home side)"), validators=[Length(max=2000)])
    host_every = SelectField(_l("Host side"), choices=_cadence_choices(), validators=[Optional()])
    host_source = TextAreaField(_l("Source (host side)"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Save the cadence"))
