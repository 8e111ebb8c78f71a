"""Personal API tokens: hashed, shown once, scoped, expiring, revocable; the CLI and the
account page make them."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from exchange.api import tokens
from exchange.api.models import ApiToken, token_digest
from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.db import utcnow
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from tests.api.conftest import make_token


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def test_only_the_digest_is_stored(app, world):
    secret, token_id = make_token(app, "zhangxiang")
    with app.app_context():
        token = db.session.get(ApiToken, token_id)
        assert secret.startswith("exg_") and len(secret) > 40
        assert token.digest == token_digest(secret) and secret not in token.digest
        assert token.hint == secret[:8]
        assert tokens.find_token(secret) is not None
        assert tokens.find_token(secret + "x") is None


def test_expired_and_revoked_tokens_are_not_found(app, world):
    secret, token_id = make_token(app, "zhangxiang", days=1)
    with app.app_context():
        assert tokens.find_token(secret, now=utcnow() + timedelta(days=2)) is None
        token = db.session.get(ApiToken, token_id)
        tokens.revoke_token(token, _user("zhangxiang"))
        assert tokens.find_token(secret) is None


def test_a_token_of_a_disabled_account_does_not_work(app, world):
    secret, _ = make_token(app, "zhangxiang")
    with app.app_context():
        _user("zhangxiang").active = False
        assert tokens.find_token(secret) is None


def test_only_the_owner_or_the_admin_revokes(app, world):
    _secret, token_id = make_token(app, "zhangxiang")
    with app.app_context():
        token = db.session.get(ApiToken, token_id)
        with pytest.raises(NotAllowed):
            tokens.revoke_token(token, _user("dingzhao"))
        tokens.revoke_token(token, _user("admin"))
        assert token.revoked_at is not None


def test_others_may_not_make_a_token_for_someone(app, world):
    with app.app_context():
        request = tokens.TokenRequest(name="x")
        with pytest.raises(NotAllowed):
            tokens.create_token(_user("zhangxiang"), _user("hr.liangjiang"), request)
        tokens.create_token(_user("zhangxiang"), _user("admin"), request)


@pytest.mark.parametrize(
    ("name", "days", "code"),
    [("", 30, "required"), ("x" * 61, 30, "too_long"), ("ok", 0, "invalid_choice")],
)
def test_a_bad_request_is_refused(app, world, name, days, code):
    with app.app_context():
        user = _user("zhangxiang")
        with pytest.raises(DomainError) as caught:
            tokens.create_token(user, user, tokens.TokenRequest(name=name, expires_days=days))
        assert code in caught.value.codes


def test_creating_and_revoking_are_audited(app, world):
    _secret, token_id = make_token(app, "zhangxiang", name="手机应用")
    with app.app_context():
        tokens.revoke_token(db.session.get(ApiToken, token_id), _user("zhangxiang"))
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.object_type == "api_token")
        ).all()
        assert actions == ["api_token.create", "api_token.revoke"]
        changes = db.session.scalar(
            sa.select(AuditEvent.changes).where(AuditEvent.action == "api_token.create")
        )
        assert "digest" not in changes


def test_the_command_prints_a_working_token(app, world, runner):
    result = runner.invoke(args=["users", "token", "hr.tianfu", "--expires", "7", "--write"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    with app.app_context():
        token = tokens.find_token(secret)
        assert token.user.username == "hr.tianfu" and token.can_write
        assert token.expires_at - utcnow() < timedelta(days=7, minutes=1)


def test_the_command_refuses_an_unknown_user(runner, world):
    result = runner.invoke(args=["users", "token", "nobody"])
    assert result.exit_code != 0 and "nobody" in result.output


def test_the_account_page_shows_the_secret_once(app, world, client, auth):
    auth.login("zhangxiang")
    assert "/account/tokens" in client.get("/account/password").get_data(as_text=True)
    response = client.post("/account/tokens", data={"name": "手机", "expires_days": "30"})
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    with app.app_context():
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.name == "手机"))
        secret = page.split('fs-6">', 1)[1].split("<", 1)[0]
        assert token_digest(secret) == token.digest and not token.can_write
    assert secret not in client.get("/account/tokens").get_data(as_text=True)
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(ApiToken, token.id).revoked_at is not None


def test_the_account_page_refuses_a_nameless_token(client, auth, world):
    auth.login("zhangxiang")
    assert (
        client.post("/account/tokens", data={"name": "", "expires_days": "30"}).status_code == 400
    )


def test_nobody_revokes_anothers_token_from_the_page(app, world, client, auth):
    _secret, token_id = make_token(app, "zhangxiang")
    auth.login("dingzhao")
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 403
