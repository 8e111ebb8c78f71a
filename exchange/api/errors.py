"""Every API error in one JSON shape, in the language of ``Accept-Language``::

    {"error": {"code": "stale", "message": "...", "fields": {"version": [{"code", "message"}]}}}

``code`` is the domain's refusal code (docs/refusals.md) or, for a refusal of the HTTP
layer, the status's code below; ``fields`` holds the reasons that name a field. Never
HTML, never a stack trace.
"""

import logging

from flask import g, jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from exchange.errors_domain import DomainError, NotAllowed

log = logging.getLogger(__name__)

PREFIX = "/api/"

# status -> (code, message) for refusals that come from HTTP rather than a domain rule.
STATUS = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: (
        "unauthenticated",
        _l("Send a valid API token in the header Authorization: Bearer <token>."),
    ),
    403: ("not_allowed", _l("You do not have permission to see or change this.")),
    404: ("not_found", _l("The record or address does not exist.")),
    405: ("method_not_allowed", _l("This address does not accept that method.")),
    409: (
        "stale",
        _l("This record was changed by someone else in the meantime. Reload it and try again."),
    ),
    412: (
        "stale",
        _l("The record no longer matches the If-Match header: it changed since you read it."),
    ),
    413: ("too_large", _l("What you sent is larger than the system accepts.")),
    415: ("unsupported_media_type", _l("Send the body as JSON (Content-Type: application/json).")),
    422: ("invalid", _l("Some values are not valid.")),
    428: ("version_required", _l("Send the record's version or an If-Match header.")),
    429: ("too_many_requests", _l("Too many requests in a short time. Wait and try again.")),
    500: ("server_error", _l("An unexpected error occurred. Nothing was saved.")),
}

# marshmallow / webargs messages -> the domain's codes and our (translated) words.
FIELD_MESSAGES = {
    "Missing data for required field.": ("required", _l("This field is required.")),
    "Field may not be null.": ("required", _l("This field is required.")),
    "Unknown field.": ("unknown_field", _l("This field is not known here.")),
    "Invalid JSON body.": ("invalid", _l("The body is not valid JSON.")),
}
INVALID = ("invalid", _l("This value is not valid."))


def is_api_request() -> bool:
    return request.path.startswith(PREFIX)


class ApiError(Exception):
    """A refusal of the HTTP layer (401, 403 read-only token, 415, 428) with its code."""

    def __init__(self, status: int, code: str | None = None, message=None, fields=None):
        default_code, default_message = STATUS[status]
        self.status = status
        self.code = code or default_code
        self.message = message or default_message
        self.fields = fields or {}
        super().__init__(self.code)


def error_response(status: int, code: str, message, fields: dict | None = None, headers=None):
    body = {
        "error": {
            "code": code,
            "message": str(message),
            "fields": {
                name: [{"code": c, "message": str(m)} for c, m in reasons]
                for name, reasons in (fields or {}).items()
            },
        }
    }
    response = jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    response.headers["Cache-Control"] = "no-store"
    return response


def from_api_error(error: ApiError):
    return error_response(error.status, error.code, error.message, error.fields)


def from_domain_error(error: DomainError, status: int | None = None):
    """A service's refusal: 403 (not allowed), 409 (stale) or 422 (a rule said no)."""
    if isinstance(error, NotAllowed):
        status = 403
    elif status is None:
        status = 422 if error.status == 400 else error.status
    first = error.reasons[0]
    fields: dict = {}
    for reason in error.reasons:
        if reason.field:
            fields.setdefault(reason.field, []).append((reason.code, reason.message))
    return error_response(status, first.code, first.message, fields)


def _field_reasons(messages) -> list:
    if isinstance(messages, dict):  # a nested schema or a list's items: flatten
        return [r for value in messages.values() for r in _field_reasons(value)]
    if isinstance(messages, str):
        messages = [messages]
    return [FIELD_MESSAGES.get(str(m), INVALID) for m in messages]


def _validation_fields(data) -> dict:
    """webargs' ``{"json": {"field": [...]}, "query": {...}}`` as our ``fields``."""
    fields: dict = {}
    for location in (data or {}).get("messages", {}).values():
        if not isinstance(location, dict):
            continue
        for name, messages in location.items():
            fields.setdefault(str(name), []).extend(_field_reasons(messages))
    return fields


def from_http_exception(error: HTTPException, headers: dict):
    status = error.code or 500
    code, message = STATUS.get(status) or STATUS[400 if status < 500 else 500]
    fields = _validation_fields(getattr(error, "data", None))
    if status == 400 and fields:
        code, message = "invalid", FIELD_MESSAGES["Invalid JSON body."][1]
    elif status == 422 and fields:
        code = next(iter(fields.values()))[0][0]
    if status == 403:
        _record_refusal()
    log.info("API %s on %s %s [%s]", status, request.method, request.path, g.get("request_id"))
    return error_response(status, code, message, fields, headers)


def _record_refusal() -> None:
    from flask_login import current_user

    from exchange.audit.services import record_refusal
    from exchange.extensions import db

    actor = current_user if current_user.is_authenticated else None
    try:
        record_refusal(
            "access.denied",
            actor=actor,
            summary=f"{request.method} {request.path}",
            districts=(getattr(actor, "district_id", None),),
        )
    except Exception:  # the refusal must be answered even if the trail cannot be written
        db.session.rollback()
        log.exception("Could not record refused API access [%s]", g.get("request_id"))


def server_error():
    return error_response(500, *STATUS[500])
