"""The account page's API tokens: create (the secret is shown once), list, revoke."""

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from exchange import policy
from exchange.api import tokens, tokens_bp
from exchange.api.forms import TokenForm
from exchange.api.models import ApiToken
from exchange.db import utcnow
from exchange.errors_domain import DomainError, refuse
from exchange.extensions import db
from exchange.web import sections
from exchange.web.access import acting_user, requires
from exchange.web.actions import act
from exchange.web.forms import EmptyForm
from exchange.web.loaders import load_allowed


def _account_section(user):
    if not policy.can_manage_own_tokens(user):
        return None
    return {"tokens": tokens.tokens_of(user), "now": utcnow()}


sections.add("account", "api/_account_tokens.html", _account_section)


def _page(form: TokenForm, status: int = 200, secret: str | None = None):
    user = acting_user()
    return (
        render_template(
            "api/tokens.html",
            form=form,
            revoke=EmptyForm(formdata=None),
            tokens=tokens.tokens_of(user),
            secret=secret,
            now=utcnow(),
        ),
        status,
    )


@tokens_bp.route("/account/tokens", methods=["GET", "POST"])
@requires(policy.can_manage_own_tokens)
def index():
    """On success the page is rendered, not redirected: the secret must not travel in a
    flash message (the session cookie), and is shown this once."""
    form = TokenForm()
    if not form.is_submitted():
        return _page(form)
    if not form.validate():
        return _page(form, 400)
    data = tokens.TokenRequest(
        name=form.name.data, expires_days=form.expires_days.data, write=form.write.data
    )
    try:
        _token, secret = tokens.create_token(acting_user(), acting_user(), data)
    except DomainError as error:
        return _page(form, refuse(error, form))
    db.session.commit()
    return _page(TokenForm(formdata=None), 201, secret=secret)


@tokens_bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    token = load_allowed(ApiToken, token_id, policy.can_revoke_token)
    form = EmptyForm()
    return act(
        form,
        lambda: tokens.revoke_token(token, acting_user()),
        done=_l("The token was revoked; it no longer works."),
        success=url_for("tokens.index"),
        failure=lambda status: _page(TokenForm(formdata=None), status),
    )
