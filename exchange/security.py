"""Cross-cutting protections: security headers, idle sessions, input that no form accepts."""

import time

from flask import current_app, flash, redirect, request, session, url_for
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

# The session keys holding the time (epoch seconds) of the session's last request and login.
SEEN_AT = "seen_at"
LOGIN_AT = "login_at"


def now() -> int:
    """The clock used for idle timeouts (tests move it forward)."""
    return int(time.time())


def _stamp_login(sender, user, **extra) -> None:
    session[SEEN_AT] = now()
    session.setdefault(LOGIN_AT, now())  # a password change logs in again: same session


def refuse_nul_characters():
    """NUL is in no legitimate input, and PostgreSQL text columns refuse it (500 otherwise)."""
    values = list(request.args.values()) + list(request.args.keys())
    if request.method in ("POST", "PUT", "PATCH"):
        values += list(request.form.values()) + list(request.form.keys())
    if any("\x00" in value for value in values) or "\x00" in request.path:
        raise BadRequest()


def _end_session(message) -> None:
    logout_user()
    session.clear()
    flash(message)


def end_idle_sessions():
    """Enforce the idle timeout and the absolute lifetime on the server: a copied old cookie
    is as dead as the browser's.

    The signed session carries the times of its login and its last request; a session idle
    longer than SESSION_IDLE_TIMEOUT, or older than SESSION_MAX_AGE, is logged out whatever
    the cookie's own expiry says, and the login page says why.
    """
    if "_user_id" not in session or request.endpoint in STATIC_ENDPOINTS:
        return
    seen_at, login_at = session.get(SEEN_AT), session.get(LOGIN_AT)
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    max_age = current_app.config["SESSION_MAX_AGE"]
    if not isinstance(seen_at, int) or now() - seen_at > idle:
        _end_session(
            _l("Your session timed out after a period of inactivity. Please log in again.")
        )
    elif not isinstance(login_at, int) or now() - login_at > max_age.total_seconds():
        hours = int(max_age.total_seconds() // 3600)
        _end_session(
            _l(
                "Your session reached its maximum length of %(hours)d hours. Please log in again.",
                hours=hours,
            )
        )
    else:
        session[SEEN_AT] = now()


# What a user who must first choose their own password may still reach.
OWN_PASSWORD_ENDPOINTS = STATIC_ENDPOINTS | {"auth.password", "auth.logout", "auth.language"}


def require_own_password():
    """An account whose password someone else chose (an admin, the command line) does
    nothing before its user has chosen their own."""
    if (
        request.endpoint not in OWN_PASSWORD_ENDPOINTS
        and current_user.is_authenticated
        and current_user.must_change_password
    ):
        flash(_l("Choose your own password before you go on."), "info")
        return redirect(url_for("auth.password"))
    return None


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
    app.before_request(require_own_password)
    app.after_request(security_headers)
