"""Forms of reports: field syntax only; the rules are in services."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from exchange.reports.models import ReportKind
from exchange.reports.services import BODY_MAX, COMMENT_MAX, TAGS_MAX, TITLE_MAX, ReportData
from exchange.web.forms import BaseForm, RequiredSelectField, VersionedForm


class ReportForm(VersionedForm):
    """A report's fields. Its version is the draft's when editing, the original's for a new
    version, and the chosen posting's for a new report (each option carries its own)."""

    posting_id = RequiredSelectField(_l("Posting"), coerce=int)
    kind = RequiredSelectField(_l("Kind"))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    report_date = DateField(_l("Report date"), validators=[DataRequired()])
    period_start_date = DateField(_l("Period from"), validators=[Optional()])
    period_end_date = DateField(_l("Period to"), validators=[Optional()])
    body = TextAreaField(
        _l("Text (Markdown)"),
        validators=[DataRequired(), Length(max=BODY_MAX)],
        render_kw={"rows": 14},
    )
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=TAGS_MAX)])
    submit = SubmitField(_l("Save draft"))

    def __init__(self, *args, postings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = ReportKind.choices()
        self.posting_id.choices = [
            SelectChoice(
                p.id,
                f"{p.host_district.name} · {p.host_department.name} · {p.host_position}",
                render_kw={"data-version": p.version},
            )
            for p in postings
        ]

    def to_data(self) -> ReportData:
        return ReportData(
            kind=self.kind.data,
            title=self.title.data or "",
            report_date=self.report_date.data,
            body=self.body.data or "",
            period_start_date=self.period_start_date.data,
            period_end_date=self.period_end_date.data,
            tags=self.tags.data or "",
        )


class CommentForm(VersionedForm):
    body = TextAreaField(
        _l("Comment"),
        validators=[DataRequired(), Length(max=COMMENT_MAX)],
        render_kw={"rows": 3},
        id="comment-body",  # the leader's page holds both forms: ids stay unique
    )
    submit = SubmitField(_l("Add comment"))


class RemarkForm(VersionedForm):
    body = TextAreaField(
        _l("Remark (批示)"),
        validators=[DataRequired(), Length(max=COMMENT_MAX)],
        render_kw={"rows": 3},
        id="remark-body",
    )
    submit = SubmitField(_l("Add remark"))


class SubmitForm(VersionedForm):
    """Submitting a draft: the version is the draft's as the confirmation page showed it."""

    submit = SubmitField(_l("Submit report"))


class SearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Words in the title or text"), validators=[Optional(), Length(max=100)])
