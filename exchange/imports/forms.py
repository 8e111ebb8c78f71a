"""Import forms: the file upload; confirming and discarding are CSRF-only actions."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from exchange.web.forms import BaseForm


class ImportUploadForm(BaseForm):
    file = FileField(
        _l("Spreadsheet (XLSX or CSV)"), validators=[FileRequired(_l("Choose a file."))]
    )
    submit = SubmitField(_l("Upload and preview"))
