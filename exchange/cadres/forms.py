"""Cadre forms: the full record for HR, contact details for the official."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from exchange.cadres.models import Gender
from exchange.web.forms import VersionedForm


class ContactForm(VersionedForm):
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = StringField(
        _l("Email"),
        validators=[
            Optional(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter a valid email address.")),
        ],
    )
    submit = SubmitField(_l("Save"))


class CadreForm(ContactForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=40)])
    gender = SelectField(
        _l("Gender"),
        choices=Gender.choices(blank="—"),
        validators=[Optional()],
    )
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    home_department_id = SelectField(
        _l("Home department"), coerce=int, validators=[InputRequired()]
    )
    home_position = StringField(_l("Home position"), validators=[DataRequired(), Length(max=120)])
    rank = StringField(_l("Rank"), validators=[Optional(), Length(max=60)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
