"""Leave forms: field syntax only; the rules live in ``services``."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DecimalField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from exchange.leave.models import ApproverSide, LeaveKind
from exchange.web.forms import BaseForm, RequiredSelectField, VersionedForm


class LeaveForm(BaseForm):
    kind = RequiredSelectField(_l("Kind of leave"), choices=LeaveKind.choices())
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


class TiersForm(BaseForm):
    """Up to three tiers, each a row: a limit in working days, approvers in order, a source."""

    submit = SubmitField(_l("Save the tiers"))

    def tier_rows(self) -> list[list]:
        return [
            [
                getattr(self, f"tier{n}_{name}")
                for name in ("days", "first", "second", "third", "source")
            ]
            for n in (1, 2, 3)
        ]


def _approver_choices():
    return ApproverSide.choices(blank="—")


for _n in (1, 2, 3):
    setattr(
        TiersForm,
        f"tier{_n}_days",
        DecimalField(
            _l("Tier %(n)d: up to (working days)", n=_n), places=1, validators=[Optional()]
        ),
    )
    for _i, _name in enumerate(("first", "second", "third"), 1):
        setattr(
            TiersForm,
            f"tier{_n}_{_name}",
            SelectField(
                _l("Tier %(n)d: approver %(i)d", n=_n, i=_i),
                choices=_approver_choices(),
                validators=[Optional()],
            ),
        )
    setattr(
        TiersForm,
        f"tier{_n}_source",
        TextAreaField(_l("Tier %(n)d: source", n=_n), validators=[Optional(), Length(max=2000)]),
    )
