"""Forms of districts, departments and accounts: field syntax only; services decide the rules."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp

from exchange.auth.models import Role
from exchange.text import clean_line
from exchange.web.forms import BaseForm, RequiredSelectField
from exchange.web.params import parse_id


def _plain_text(value):
    """Trimmed, without control or bidi characters (PostgreSQL refuses NUL; none belongs in a
    name)."""
    return clean_line(value).strip() if isinstance(value, str) else value


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    # never a real id otherwise: the service or the choices check refuses it
    return parse_id(value) or -1


def _display_order_field():
    return IntegerField(
        _l("Display order"),
        default=0,
        validators=[
            Optional(),
            NumberRange(0, 9999, message=_l("Give a whole number from 0 to 9999.")),
        ],
        description=_l("Lists show smaller numbers first, then by pinyin."),
    )


class DistrictForm(BaseForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(),
            Length(max=40),
            Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Use letters, digits, '.', '-' or '_'.")),
        ],
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=80)], filters=[_plain_text]
    )
    name_en = StringField(
        _l("English name"), validators=[Optional(), Length(max=120)], filters=[_plain_text]
    )
    province = StringField(
        _l("Province or municipality"),
        validators=[Optional(), Length(max=40)],
        filters=[_plain_text],
    )
    display_order = _display_order_field()
    submit = SubmitField(_l("Save"))


class DepartmentForm(BaseForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=120)], filters=[_plain_text]
    )
    name_en = StringField(
        _l("English name"), validators=[Optional(), Length(max=200)], filters=[_plain_text]
    )
    parent_id = SelectField(_l("Parent department"), coerce=_int_or_none, validate_choice=True)
    display_order = _display_order_field()
    submit = SubmitField(_l("Save"))


def role_choices():
    return Role.choices()


class AccountFilterForm(BaseForm):
    class Meta:
        csrf = False

    role = SelectField(_l("Role"), validators=[Optional()], validate_choice=False)
    district_id = SelectField(
        _l("District"), coerce=_int_or_none, validators=[Optional()], validate_choice=False
    )
    active = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("1", _l("Active")),
            SelectChoice("0", _l("Disabled")),
        ],
        validators=[Optional()],
        validate_choice=False,
    )


class _AccountFields(BaseForm):
    display_name = StringField(
        _l("Display name"), validators=[DataRequired(), Length(max=80)], filters=[_plain_text]
    )
    email = StringField(
        _l("Email"),
        validators=[
            Optional(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter a valid email address.")),
        ],
    )
    role = RequiredSelectField(_l("Role"), message=_l("Choose the role of the account."))
    district_id = SelectField(_l("District"), coerce=_int_or_none)
    cadre_id = SelectField(_l("Linked cadre"), coerce=_int_or_none)


class NewAccountForm(_AccountFields):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(),
            Length(max=64),
            Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Use letters, digits, '.', '-' or '_'.")),
        ],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Create account"))


class EditAccountForm(_AccountFields):
    active = BooleanField(_l("Account active"))
    submit = SubmitField(_l("Save"))


class ResetPasswordForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Set password"))
