"""Attachment forms: upload (one or more files), a new version, deletion with a reason."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    MultipleFileField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from exchange.attachments.models import KINDS_OF
from exchange.web.forms import BaseForm, RequiredSelectField


class UploadForm(BaseForm):
    kind = RequiredSelectField(_l("Kind of document"))
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    doc_number = StringField(_l("Document number (文号)"), validators=[Optional(), Length(max=80)])
    doc_date = DateField(_l("Document date"), validators=[Optional()])
    files = MultipleFileField(_l("Files"))
    submit = SubmitField(_l("Upload"))

    def for_record(self, record_type: str) -> "UploadForm":
        self.kind.choices = [(k.value, k.label) for k in KINDS_OF[record_type]]
        return self


class VersionForm(BaseForm):
    files = MultipleFileField(_l("File"))
    submit = SubmitField(_l("Upload the new version"))


class DeleteForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Delete the document and all its versions"))
