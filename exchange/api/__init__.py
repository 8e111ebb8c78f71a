"""The JSON API v1 under ``/api/v1`` (issue 17), and the account page's API tokens.

``bp`` (a flask-smorest blueprint) carries the API: marshmallow schemas validate each
request and describe it in ``/api/v1/openapi.json``. A request authenticates with a
personal token (``Authorization: Bearer``) and never with the session cookie, so the
blueprint needs no CSRF token. Views call the same policy predicates, queries and
services as the pages. ``tokens_bp`` holds the account page where a user makes, sees
and revokes their tokens (a page like any other: session and CSRF).
"""

from flask import Blueprint
from flask_smorest import Blueprint as ApiBlueprint

bp = ApiBlueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Exchange (干部互派挂职管理) JSON API",
)
tokens_bp = Blueprint("tokens", __name__)

from exchange.api import (  # noqa: E402, F401
    account_views,
    views_actions,
    views_daily,
    views_org,
    views_postings,
    views_reports,
    views_term_changes,
    views_writes,
)
