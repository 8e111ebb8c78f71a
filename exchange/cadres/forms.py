"""Cadre forms: the full record for HR, contact details for the official."""

from flask_babel import lazy_gettext as _l
from wtforms import MonthField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from exchange.cadres.models import Gender, PoliticalStatus
from exchange.web.forms import RequiredSelectField, VersionedForm


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
    birth_month = MonthField(_l("Month of birth (出生年月)"), validators=[Optional()])
    ethnicity = StringField(_l("Ethnicity (民族)"), validators=[Optional(), Length(max=20)])
    native_place = StringField(_l("Native place (籍贯)"), validators=[Optional(), Length(max=60)])
    political_status = SelectField(
        _l("Political status (政治面貌)"),
        choices=PoliticalStatus.choices(blank="—"),
        validators=[Optional()],
    )
    party_joined_month = MonthField(_l("Joined the Party (入党时间)"), validators=[Optional()])
    work_started_month = MonthField(_l("Started work (参加工作时间)"), validators=[Optional()])
    education = StringField(_l("Education (学历)"), validators=[Optional(), Length(max=40)])
    degree = StringField(_l("Degree (学位)"), validators=[Optional(), Length(max=40)])
    home_department_id = RequiredSelectField(_l("Home department"), coerce=int)
    home_position = StringField(_l("Home position"), validators=[DataRequired(), Length(max=120)])
    rank = StringField(_l("Rank"), validators=[Optional(), Length(max=60)])
    home_position_month = MonthField(
        _l("In the current home post since (任现职时间)"), validators=[Optional()]
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
