"""The account page's token form: field syntax only; the rules are in ``tokens``."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from exchange.api.tokens import NAME_MAX
from exchange.web.forms import BaseForm, RequiredSelectField

EXPIRY_CHOICES = [
    SelectChoice(7, _l("7 days")),
    SelectChoice(30, _l("30 days")),
    SelectChoice(90, _l("90 days")),
    SelectChoice(365, _l("1 year")),
]


class TokenForm(BaseForm):
    name = StringField(
        _l("What the token is for"), validators=[DataRequired(), Length(max=NAME_MAX)]
    )
    expires_days = RequiredSelectField(_l("Expires after"), choices=EXPIRY_CHOICES, coerce=int)
    write = BooleanField(_l("May change records (read and write)"))
    submit = SubmitField(_l("Create token"))
