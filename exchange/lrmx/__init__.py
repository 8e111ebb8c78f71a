"""The 任免审批表 file (.lrmx): patched with a cadre's postings and handed back, never kept."""

from flask import Blueprint

bp = Blueprint("lrmx", __name__)

from exchange.lrmx import views  # noqa: E402, F401
