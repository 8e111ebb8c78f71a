"""Signing in and out, changing one's password, choosing the interface language."""

import time

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from exchange.audit.services import record, record_refusal
from exchange.auth import bp
from exchange.auth.forms import ChangePasswordForm, LoginForm
from exchange.auth.services import authenticate, change_password
from exchange.auth.throttle import LoginAttempt, Throttled
from exchange.errors import https_required
from exchange.extensions import db
from exchange.i18n import lang_cookie_name
from exchange.web.access import acting_user
from exchange.web.actions import act, form_status
from exchange.web.forms import EmptyForm
from exchange.web.urls import safe_next


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()[:64]
        attempt = LoginAttempt(username, request.remote_addr or "")
        try:
            time.sleep(attempt.begin())
        except Throttled as refused:
            raise TooManyRequests(retry_after=refused.retry_after) from None
        try:
            user = authenticate(form.username.data, form.password.data)
        except Exception:
            attempt.aborted()  # our fault, not a wrong password: it does not count
            raise
        if user is not None:
            attempt.succeeded()
            return _signed_in(user, safe_next(request.args.get("next")))
        attempt.failed()
        record_refusal("auth.login_failed", summary=username)
        form.password.errors.append(_("Wrong username or password."))
        return _login_page(form, 401)
    return _login_page(form, form_status(form))


def _login_page(form, status: int):
    return render_template("auth/login.html", form=form, https_required=https_required()), status


def _signed_in(user, next_url: str | None):
    session.clear()  # a fresh session at login: nothing carried over
    session.permanent = True
    login_user(user)
    record("auth.login", user, actor=user, districts=(user.district_id,))
    db.session.commit()
    return redirect(next_url or url_for("home.index"))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    user = acting_user()

    def sign_out():
        user.end_all_sessions()
        record("auth.logout", user, actor=user, districts=(user.district_id,))
        logout_user()
        session.clear()

    back = url_for("auth.login")
    return act(
        EmptyForm(),
        sign_out,
        done=_("You have logged out."),
        done_category="info",
        success=back,
        failure=lambda status: redirect(back),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    user = acting_user()

    def change():
        change_password(user, form.current_password.data, form.new_password.data)
        login_user(user)  # this session continues under the new token; others end

    return act(
        form,
        change,
        done=_("Your password was changed. Other sessions have been logged out."),
        success=url_for("home.index"),
        failure=lambda status: (render_template("auth/password.html", form=form), status),
    )


@bp.route("/language/<code>", methods=["POST"])
def language(code: str):
    form = EmptyForm()
    target = safe_next(request.form.get("next")) or url_for("home.index")
    response = redirect(target)
    if form.validate_on_submit() and code in current_app.config["LANGUAGES"]:
        config = current_app.config  # the same prefix and flags as the session cookie
        response.set_cookie(
            lang_cookie_name(),
            code,
            max_age=365 * 24 * 3600,
            path="/",
            samesite=config["SESSION_COOKIE_SAMESITE"],
            httponly=config["SESSION_COOKIE_HTTPONLY"],
            secure=config["SESSION_COOKIE_SECURE"],
        )
    return response
