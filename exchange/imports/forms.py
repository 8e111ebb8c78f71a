"""Import forms: the file upload; confirming and discarding are CSRF-only actions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("Spreadsheet (XLSX or CSV)"), validators=[FileRequired(_l("Choose a file."))]
    )
    submit = SubmitField(_l("Upload and preview"))
