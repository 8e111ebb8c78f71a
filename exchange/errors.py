"""Error pages in the user's language: right status, request id, never a stack trace."""

import logging
import math
import time
from functools import wraps
from typing import Any

from flask import current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from redis.exceptions import RedisError
from sqlalchemy import exc as sa_exc
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Forbidden, HTTPException

from exchange.errors_domain import DomainError, NotAllowed, from_integrity_error
from exchange.extensions import db, login_manager

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please go back and try again."),
    ),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Access denied"), _l("You do not have permission to see or change this.")),
    404: (_l("Page not found"), _l("The page or record you asked for does not exist.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    409: (
        _l("Changed by someone else"),
        _l("This record was changed by someone else in the meantime. Reload it and try again."),
    ),
    413: (_l("Too large"), _l("What you sent is larger than the system accepts.")),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Please wait a few minutes and try again."),
    ),
    503: (
        _l("Service unavailable"),
        _l(
            "The service is temporarily unavailable. Nothing was saved. "
            "Please try again in a few minutes."
        ),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. Nothing was saved. Please try again later."),
    ),
}


def render_error(code: int, message=None, detail=None):
    title, default_message = MESSAGES.get(code) or MESSAGES[400 if code < 500 else 500]
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title,
            message=message or default_message,
            detail=detail,
            request_id=g.get("request_id", ""),
        ),
        code,
    )


# A backing service that does not answer: the database, Redis (the login throttle).
UNAVAILABLE: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    RedisError,
)

# Shown when even the error page cannot be rendered (it needs the database for the user).
PLAIN_503 = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>503</title>'
    "<h1>服务暂时无法使用</h1><p>请稍后再试。</p>"
    '<p lang="en">The service is temporarily unavailable. Please try again later.</p>'
    "<p>请求编号 / Reference: <code>%s</code></p></html>"
)


def https_required() -> bool:
    """Production's cookies are Secure: over plain HTTP the browser keeps none, so no form
    (the login first) can work, and the page must say why."""
    return bool(current_app.config.get("SESSION_COOKIE_SECURE")) and not request.is_secure


def service_unavailable(error):
    """503, with the cause in the log, for a database or Redis that does not answer."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: nothing to roll back
        log.debug("Rollback failed while the database is unavailable")
    log.error(
        "Service unavailable on %s [%s]: %s: %s",
        request.path,
        g.get("request_id"),
        type(error).__name__,
        str(error).splitlines()[0] if str(error) else "",
    )
    login_manager._update_request_context_with_user()  # anonymous: the page loads no user
    try:
        return render_error(503)
    except Exception:
        log.exception("Could not render the 503 page [%s]", g.get("request_id"))
        return PLAIN_503 % escape(g.get("request_id", "")), 503


def csrf_error(error):
    db.session.rollback()
    log.warning("CSRF failure %s %s [%s]", request.method, request.path, g.get("request_id"))
    if https_required():
        return render_error(
            400,
            _l(
                "This service must be reached over HTTPS (an address starting with "
                "https://); over plain HTTP you cannot log in or send forms."
            ),
        )
    return render_error(
        400, _l("The form expired or was sent from elsewhere. Reload the page and try again.")
    )


def init_app(app) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    for unavailable in UNAVAILABLE:
        app.register_error_handler(unavailable, service_unavailable)

    @app.errorhandler(StaleDataError)
    @_json_for_api(lambda error: api_errors.error_response(409, *api_errors.STATUS[409]))
    def stale_data(error):
        db.session.rollback()
        log.info("Lost update prevented on %s [%s]", request.path, g.get("request_id"))
        return render_error(409)

    @app.errorhandler(HTTPException)
    @_json_for_api(lambda error: api_errors.from_http_exception(error, _extra_headers(error)))
    def http_error(error):
        code = error.code or 500
        db.session.rollback()
        if code == 403:
            from exchange.audit.services import record_denial

            actor = current_user if current_user.is_authenticated else None
            try:
                record_denial(actor=actor, districts=(getattr(actor, "district_id", None),))
            except Exception:  # the refusal page must show even if the trail cannot be written
                db.session.rollback()
                log.exception("Could not record refused access [%s]", g.get("request_id"))
        if code >= 500:
            log.error("HTTP %s on %s [%s]", code, request.path, g.get("request_id"))
        else:
            log.info(
                "HTTP %s on %s %s [%s]", code, request.method, request.path, g.get("request_id")
            )
        headers = _extra_headers(error)
        detail = None
        if code == 429 and "Retry-After" in headers:
            minutes = max(1, math.ceil(int(headers["Retry-After"]) / 60))
            detail = _l("You can try again in about %(minutes)d minutes.", minutes=minutes)
        response, status = render_error(code, detail=detail)
        return response, status, headers

    app.register_error_handler(DomainError, _json_for_api(api_errors.from_domain_error)(refused))
    app.register_error_handler(IntegrityError, _json_for_api(_api_clash)(integrity_error))
    app.register_error_handler(DataError, _json_for_api(_api_bad_value)(data_error))

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        log.exception("Unhandled error on %s [%s]", request.path, g.get("request_id"))
        if api_errors.is_api_request():
            return api_errors.server_error()
        return render_error(500)


class _NoApi:
    """Until the JSON API plugs in its answers (``answer_api_in_json``), no request is one."""

    @staticmethod
    def is_api_request() -> bool:
        return False


# The JSON API's error answers (exchange.api.errors), set by the API when it is registered:
# this module then needs no import of the API (the API imports the features, they this module).
api_errors: Any = _NoApi


def answer_api_in_json(module) -> None:
    """The JSON API registers the module that answers its errors in JSON."""
    global api_errors
    api_errors = module


def _json_for_api(answer):
    """A handler that answers the JSON API (/api/...) with ``answer(error)`` instead: the
    API's errors are JSON, never an HTML page."""

    def decorate(handler):
        @wraps(handler)
        def handle(error):
            if api_errors.is_api_request():
                db.session.rollback()
                return answer(error)
            return handler(error)

        return handle

    return decorate


def refused(error):
    """A refusal that reached no form (a view that calls a service itself): its
    status (400, 409; 403 for ``NotAllowed``) and its reasons on the error page."""
    db.session.rollback()
    if isinstance(error, NotAllowed):
        return current_app.handle_http_exception(Forbidden())
    log.info(
        "Refused %s on %s %s [%s]",
        error.codes,
        request.method,
        request.path,
        g.get("request_id"),
    )
    reasons = [str(reason.message) for reason in error.reasons]
    return render_error(error.status, detail=" ".join(reasons) or None)


def integrity_error(error):
    """A unique key another request took at the same moment (409), or a value a form
    should have refused (400); never a 500."""
    db.session.rollback()
    log.warning("Integrity error on %s [%s]: %s", request.path, g.get("request_id"), error.orig)
    return refused(from_integrity_error(error))


def _api_clash(error):
    return api_errors.from_domain_error(from_integrity_error(error))


def _api_bad_value(error):
    return api_errors.error_response(400, "bad_value", BAD_VALUE)


BAD_VALUE = _l("A value is too long or out of range. Check what you entered.")


def data_error(error):
    """A value the database cannot hold (a number out of range, a text too long) that
    no check caught: the request was bad (400), not the server."""
    db.session.rollback()
    log.warning("Data error on %s [%s]: %s", request.path, g.get("request_id"), error.orig)
    return render_error(400, detail=BAD_VALUE)


def _retry_after(error) -> int | None:
    """Seconds until a rate limit lets the client try again."""
    if getattr(error, "retry_after", None):
        return int(error.retry_after)
    if isinstance(error, RateLimitExceeded):
        from exchange.extensions import limiter

        current = limiter.current_limit
        if current is not None:
            return max(1, int(current.reset_at - time.time()))
        return int(error.limit.limit.get_expiry())
    return None


def _extra_headers(error) -> dict:
    headers = {}
    if getattr(error, "code", None) == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if retry_after := _retry_after(error):
        headers["Retry-After"] = str(retry_after)
    return headers
