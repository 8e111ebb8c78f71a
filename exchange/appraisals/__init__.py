"""Appraisals (考核): the annual 年度考核 and the end-of-term 考核鉴定, both two-sided."""

from flask import Blueprint

bp = Blueprint("appraisals", __name__)

from exchange.appraisals import inbox, views  # noqa: E402, F401
