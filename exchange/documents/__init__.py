"""Documents generated from the record: DOCX to finish and stamp, PDF to file; résumé lines."""

from flask import Blueprint

bp = Blueprint("documents", __name__)

from exchange.documents import views  # noqa: E402, F401
