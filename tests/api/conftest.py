"""Tokens for the ``world`` fixture's users: ``api_tokens[role]`` read-write, and a client
helper that sends one."""

import pytest
import sqlalchemy as sa

from exchange.api.tokens import TokenRequest, create_token
from exchange.auth.models import User
from exchange.extensions import db
from exchange.policy import COMMAND_LINE

ROLES = ("admin", "hr_lj", "hr_tf", "hr_cd", "leader", "zx", "dz")


def make_token(app, username: str, *, write: bool = True, days: int | None = 30, name="test"):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        token, secret = create_token(
            user, COMMAND_LINE, TokenRequest(name=name, expires_days=days, write=write)
        )
        db.session.commit()
        return secret, token.id


def user_named(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def make_token_here(username: str, **kw) -> int:
    """A token of ``username`` inside the current app context (an authz row's setup)."""
    user = db.session.scalar(sa.select(User).where(User.username == username))
    token, _secret = create_token(user, COMMAND_LINE, TokenRequest(name="test", **kw))
    return token.id


@pytest.fixture
def api_tokens(app, world):
    """role -> a read-write token's secret, for every role of the world."""
    return {role: make_token(app, world.users[role])[0] for role in ROLES}


class Api:
    def __init__(self, client, secret: str | None):
        self.client = client
        self.secret = secret

    def headers(self, extra=None) -> dict:
        headers = {"Authorization": f"Bearer {self.secret}"} if self.secret else {}
        headers.update(extra or {})
        return headers

    def get(self, url: str, **kw):
        return self.client.get(url, headers=self.headers(kw.pop("headers", None)), **kw)

    def post(self, url: str, json=None, **kw):
        return self.client.post(
            url,
            json=json if json is not None else {},
            headers=self.headers(kw.pop("headers", None)),
            **kw,
        )

    def patch(self, url: str, json=None, **kw):
        return self.client.patch(
            url,
            json=json if json is not None else {},
            headers=self.headers(kw.pop("headers", None)),
            **kw,
        )


@pytest.fixture
def api(app, api_tokens):
    """``api(role)``: a client speaking with that role's token."""
    return lambda role: Api(app.test_client(), api_tokens.get(role))
