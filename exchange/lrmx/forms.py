"""Upload forms: the file and whether to fill in the annual results."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SubmitField

from exchange.web.forms import BaseForm


class LrmxForm(BaseForm):
    file = FileField(_l("The cadre's .lrmx file"))
    annual = BooleanField(_l("Also fill in the annual appraisal results (NianDuKaoHeJieGuo)"))
    submit = SubmitField(_l("Patch and download"))


class LrmxZipForm(BaseForm):
    file = FileField(_l("A zip of .lrmx files"))
    annual = BooleanField(_l("Also fill in the annual appraisal results (NianDuKaoHeJieGuo)"))
    submit = SubmitField(_l("Patch and download"))
