"""Importing the offices' spreadsheets: cadres and postings, with a preview, in one transaction."""

from flask import Blueprint

bp = Blueprint("imports", __name__, cli_group="import")

from exchange.imports import commands, views  # noqa: E402, F401
