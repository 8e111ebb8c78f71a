"""The programme form; quota and term-rule fields are added per district pair and rule kind."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from exchange.programmes.models import TermRuleKind
from exchange.web.forms import VersionedForm


class ProgrammeForm(VersionedForm):
    name = StringField(_l("Programme name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    agreement_date = DateField(_l("Agreement signed on"), validators=[Optional()])
    start_date = DateField(_l("Window starts"), validators=[InputRequired()])
    end_date = DateField(_l("Window ends"), validators=[InputRequired()])
    standard_term_months = IntegerField(
        _l("Standard term (months)"), validators=[InputRequired(), NumberRange(min=1, max=60)]
    )
    report_cadence_months = IntegerField(
        _l("Report every (months)"), validators=[InputRequired(), NumberRange(min=1, max=12)]
    )
    team_leader = StringField(_l("Team leader (领队)"), validators=[Optional(), Length(max=80)])
    district_ids = SelectMultipleField(
        _l("Participating districts"), coerce=int, validators=[DataRequired()]
    )
    reason = TextAreaField(
        _l("Reason for the change"),
        description=_l(
            "Required when changing a programme in force: every member district sees it."
        ),
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField(_l("Save"))


class ChangeActionForm(VersionedForm):
    """Confirm or withdraw a programme change request."""

    submit = SubmitField(_l("Confirm"))


class DeclineChangeForm(VersionedForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Decline"))


def programme_form_class(districts):
    """A form with one quota field per ordered pair of ``districts`` and the term-rule fields."""

    class Form(ProgrammeForm):
        pass

    for home in districts:
        for host in districts:
            if home.id != host.id:
                setattr(
                    Form,
                    f"quota_{home.id}_{host.id}",
                    IntegerField(
                        _l("%(home)s → %(host)s", home=home.name, host=host.name),
                        validators=[Optional(), NumberRange(min=0, max=1000)],
                    ),
                )
    for choice in TermRuleKind.choices():
        setattr(
            Form,
            f"rule_{choice.value}",
            IntegerField(choice.label, validators=[Optional(), NumberRange(min=0, max=10000)]),
        )
        setattr(
            Form,
            f"source_{choice.value}",
            TextAreaField(_l("Source of the rule"), validators=[Optional(), Length(max=2000)]),
        )
    return Form
