"""Creating, finding and revoking personal API tokens. Flush, never commit.

A token is ``exg_`` and 32 random bytes (URL-safe base64); only its SHA-256 digest is
kept, so the secret is shown once, when it is made, and never again.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.api.models import PREFIX, ApiToken, TokenScope, token_digest
from exchange.audit.services import changes_of, record
from exchange.db import utcnow, will_write
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db

NAME_MAX = 60
MAX_DAYS = 366
# How stale ``last_used_at`` may be before a request writes it again (one write a minute).
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class TokenRequest:
    name: str
    expires_days: int | None = 90  # None: never expires (only the command line offers it)
    write: bool = False


def _reasons(data: TokenRequest) -> list:
    reasons = []
    name = (data.name or "").strip()
    if not name:
        reasons.append(("name", "required", _l("Give the token a name.")))
    elif len(name) > NAME_MAX:
        reasons.append(("name", "too_long", _l("At most %(max)d characters.", max=NAME_MAX)))
    days = data.expires_days
    if days is not None and not 1 <= days <= MAX_DAYS:
        reasons.append(
            (
                "expires_days",
                "invalid_choice",
                _l("A token lasts from 1 to %(max)d days.", max=MAX_DAYS),
            )
        )
    return reasons


def create_token(owner, actor, data: TokenRequest) -> tuple[ApiToken, str]:
    """A new token of ``owner`` made by ``actor``; returns it with its secret (shown once)."""
    if not policy.can_create_token_for(actor, owner):
        raise NotAllowed([(None, "not_allowed", _l("You may not create a token for this user."))])
    if reasons := _reasons(data):
        raise DomainError(reasons)
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user_id=owner.id,
        name=data.name.strip(),
        digest=token_digest(secret),
        hint=secret[: len(PREFIX) + 4],
        scope=TokenScope.READ_WRITE if data.write else TokenScope.READ,
        created_at=now,
        expires_at=now + timedelta(days=data.expires_days) if data.expires_days else None,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(token)
    changes = changes_of(token)
    changes.pop("digest", None)
    db.session.flush()
    record(
        "api_token.create",
        token,
        actor=actor,
        changes=changes,
        summary=f"{owner.username}: {token.name}",
        districts=(owner.district_id,),
    )
    return token, secret


def revoke_token(token: ApiToken, actor) -> ApiToken:
    """Revoke ``token`` at once; revoking a revoked token changes nothing."""
    if not policy.can_revoke_token(actor, token):
        raise NotAllowed([(None, "not_allowed", _l("You may not revoke this token."))])
    if token.revoked_at is not None:
        return token
    token.revoked_at = utcnow()
    changes = changes_of(token)
    db.session.flush()
    record(
        "api_token.revoke",
        token,
        actor=actor,
        changes=changes,
        summary=f"{token.user.username}: {token.name}",
        districts=(token.user.district_id,),
    )
    return token


def find_token(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The usable token whose secret this is (None for unknown, revoked or expired), its
    last use brought up to date."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.digest == token_digest(secret)))
    now = now or utcnow()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        will_write()  # a GET writes this: on SQLite, take the write lock before
        token.last_used_at = now
    return token


def tokens_of(user) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, for the record)."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )
