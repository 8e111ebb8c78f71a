"""The audit trail's filter form (a GET form: no CSRF, nothing changes)."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError

from exchange.audit.models import AuditEvent
from exchange.web.forms import BaseForm
from exchange.web.params import parse_id

_CODE = Regexp(r"^[a-z0-9_.]*$", message=_l("Use lower-case letters, digits, '.' or '_'."))


def _district(value):
    if value in (None, "", "None"):
        return None
    return parse_id(value)


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    actor = StringField(
        _l("Who (username)"),
        validators=[
            Optional(),
            Regexp(r"^[A-Za-z0-9_.-]{0,64}$", message=_l("Use letters, digits, '.', '-' or '_'.")),
        ],
    )
    action = StringField(
        _l("Action"),
        validators=[Optional(), _CODE],
        description=_l("Exact, or the start of one: 'user.' gives every account event."),
    )
    object_type = SelectField(
        _l("Record type"),
        choices=[
            SelectChoice("", _l("Any")),
            SelectChoice("user_account", _l("Account")),
            SelectChoice("district", _l("District")),
            SelectChoice("department", _l("Department")),
            SelectChoice("cadre", _l("Cadre")),
            SelectChoice("posting", _l("Posting")),
            SelectChoice("reflection_log", _l("Reflection log or report")),
            SelectChoice("appraisal", _l("Appraisal")),
            SelectChoice("programme", _l("Programme")),
            SelectChoice("leave_request", _l("Leave")),
            SelectChoice("attendance_sheet", _l("Attendance sheet")),
            SelectChoice("talk", _l("Talk")),
            SelectChoice("calendar_day", _l("Holiday")),
        ],
        validators=[Optional()],
    )
    object_id = IntegerField(
        _l("Record number"),
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1)],
    )
    district_id = SelectField(
        _l("District"), coerce=_district, validators=[Optional()], validate_choice=False
    )
    date_from = DateField(_l("From date"), validators=[Optional()])
    date_to = DateField(_l("Until"), validators=[Optional()])
    before = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**63 - 1)])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end of the period lies before its start."))

    def validate_actor(self, field):
        if field.data and len(field.data) > AuditEvent.actor_name.type.length:
            raise ValidationError(_l("Too long."))
