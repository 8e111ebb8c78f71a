"""Cross-cutting protections: security headers, idle sessions, input that no form accepts."""

import time

from flask import current_app, flash, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user, user_logged_in
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

STATIC_ENDPOINTS = {"static", "bootstrap.static"}

# The session key holding the time (epoch seconds) of the session's last request.
SEEN_AT = "seen_at"


def now() -> int:
    """The clock used for idle timeouts (tests move it forward)."""
    return int(time.time())


def _stamp_login(sender, user, **extra) -> None:
    session[SEEN_AT] = now()


def refuse_nul_characters():
    """NUL is in no legitimate input, and PostgreSQL text columns refuse it (500 otherwise)."""
    values = list(request.args.values()) + list(request.args.keys())
    if request.method in ("POST", "PUT", "PATCH"):
        values += list(request.form.values()) + list(request.form.keys())
    if any("\x00" in value for value in values) or "\x00" in request.path:
        raise BadRequest()


def end_idle_sessions():
    """Enforce the idle timeout on the server: a copied old cookie is as dead as the browser's.

    The signed session carries the time of its last request; a session idle longer than
    PERMANENT_SESSION_LIFETIME (SESSION_IDLE_MINUTES) is logged out, whatever the cookie's
    own expiry says.
    """
    if "_user_id" not in session or request.endpoint in STATIC_ENDPOINTS:
        return
    seen_at = session.get(SEEN_AT)
    limit = current_app.permanent_session_lifetime.total_seconds()
    if not isinstance(seen_at, int) or now() - seen_at > limit:
        logout_user()
        session.clear()
        flash(_l("Your session ended after a period of inactivity. Please log in again."))
        return
    session[SEEN_AT] = now()


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages may show personal data: never keep them in a shared cache or the history.
    if not request.path.startswith("/static/") and (
        current_user.is_authenticated or response.mimetype == "text/html"
    ):
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    user_logged_in.connect(_stamp_login, app)
    if proxies := app.config.get("PROXY_COUNT", 0):
        # The client address (throttling, audit) and scheme come from the trusted proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.before_request(refuse_nul_characters)
    app.before_request(end_idle_sessions)
    app.after_request(security_headers)
