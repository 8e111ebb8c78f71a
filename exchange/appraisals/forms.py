"""Appraisal forms: field syntax only. No grade is preselected; the services decide."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from exchange.appraisals.models import Grade
from exchange.web.forms import RequiredSelectField, VersionedForm

TEXT_MAX = 5000


def _grade_field(label):
    """The host proposes a grade: a choice to make, never preselected."""
    return RequiredSelectField(label, choices=Grade.choices(), message=_l("Choose a grade."))


def _optional_grade_field(label):
    """The home side's final grade: empty keeps the host's proposal."""
    return SelectField(label, choices=Grade.choices(blank="—"), validators=[Optional()])


def _text(label, rows=3):
    return TextAreaField(
        label, validators=[Optional(), Length(max=TEXT_MAX)], render_kw={"rows": rows}
    )


class AnnualHostForm(VersionedForm):
    """年度考核, the host side: the year's work and the proposed grade."""

    work_record = _text(_l("The year's work (年度工作记录)"), rows=5)
    grade = _grade_field(_l("Proposed grade"))
    submit = SubmitField(_l("Sign the host side's part"))


class EndOfTermHostForm(VersionedForm):
    """考核鉴定, the host side: the 鉴定意见 in its four parts and the proposed grade."""

    performance = _text(_l("Conduct and performance (表现)"), rows=4)
    achievements = _text(_l("Main achievements (主要成绩)"), rows=4)
    shortcomings = _text(_l("Shortcomings (不足)"))
    expectations = _text(_l("Hopes for the future (希望)"))
    grade = _grade_field(_l("Proposed grade"))
    submit = SubmitField(_l("Sign the host side's part"))


class HomeForm(VersionedForm):
    opinion = _text(_l("Opinion of the home side"), rows=4)
    final_grade = _optional_grade_field(_l("Final grade"))
    submit = SubmitField(_l("Sign for the home side"))


class _Reason:
    reason = TextAreaField(
        _l("Reason for the correction"), validators=[Optional(), Length(max=2000)]
    )


class AnnualHostCorrectionForm(AnnualHostForm):
    reason = _Reason.reason
    submit = SubmitField(_l("Correct"))


class EndOfTermHostCorrectionForm(EndOfTermHostForm):
    reason = _Reason.reason
    submit = SubmitField(_l("Correct"))


class HomeCorrectionForm(HomeForm):
    reason = _Reason.reason
    submit = SubmitField(_l("Correct"))
