"""Attachments (附件) on postings, programmes and reports."""

from flask import Blueprint

bp = Blueprint("attachments", __name__)

from exchange.attachments import cleanup, sections, views  # noqa: E402, F401

cleanup.register()
