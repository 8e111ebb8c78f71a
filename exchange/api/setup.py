"""Binding the API to the app: the OpenAPI document, token authentication, ETags,
errors in JSON and the per-token rate limit."""

import hashlib

from flask import Flask, current_app, g, request
from flask_smorest import Api

from exchange.api import bp, tokens_bp
from exchange.api import errors as api_errors
from exchange.api.errors import ApiError
from exchange.api.etags import add_etag
from exchange.api.schemas import ErrorSchema
from exchange.api.tokens import find_token
from exchange.errors_domain import DomainError
from exchange.extensions import csrf, db, limiter

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ExchangeApi(Api):
    """flask-smorest's Api, leaving errors to ``exchange.errors`` (which answers /api/ in
    JSON and everything else as a page) rather than taking over every HTTPException."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass


SPEC = {
    "title": "Exchange API",
    "version": "1",
    "openapi_version": "3.0.3",
    "security": [{"bearerAuth": []}],
    "info": {
        "description": "干部互派挂职管理 — the JSON API. Authenticate with a personal API "
        "token: Authorization: Bearer <token>. Errors: {error: {code, message, fields}}."
    },
}


def _token_key() -> str:
    """The rate limit counts per token (a digest of the header, so no lookup is needed)."""
    header = request.headers.get("Authorization", "")
    return "api:" + hashlib.sha256(header.encode()).hexdigest()[:32]


def authenticate() -> None:
    """The bearer token, and only it, makes the request's user; a session cookie is ignored."""
    from flask_login import AnonymousUserMixin

    g._login_user = AnonymousUserMixin()
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    token = find_token(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise ApiError(401)
    g.api_token = token
    g._login_user = token.user
    db.session.commit()  # the token's last use, whatever the request does next
    if request.method in SAFE_METHODS:
        return
    from exchange import policy

    if not policy.can_write_with_token(token):
        raise ApiError(403, "read_only_token", _read_only_message())
    if not request.is_json:
        raise ApiError(415)


def _read_only_message():
    from flask_babel import lazy_gettext as _l

    return _l("This token may only read. Create a read-and-write token to change records.")


def _domain_error(error: DomainError):
    db.session.rollback()
    return api_errors.from_domain_error(error)


def _api_error(error: ApiError):
    db.session.rollback()
    if error.status == 403:
        api_errors._record_refusal()
    return api_errors.from_api_error(error)


# Once, when the package is first imported: a blueprint's hooks are fixed before any app
# registers it (tests build many apps).
csrf.exempt(bp)
bp.before_request(authenticate)
bp.after_request(add_etag)
bp.register_error_handler(DomainError, _domain_error)
bp.register_error_handler(ApiError, _api_error)
limiter.limit(
    lambda: current_app.config.get("API_RATE_LIMIT", "120 per minute"),
    key_func=_token_key,
)(bp)


def init_app(app: Flask) -> None:
    from exchange import errors
    from exchange.api import errors as api_errors

    errors.answer_api_in_json(api_errors)  # the app's error handlers answer /api/ in JSON
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = ExchangeApi(app, spec_kwargs=SPEC)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "A personal API token"}
    )
    api.register_blueprint(bp)
    app.register_blueprint(tokens_bp)
