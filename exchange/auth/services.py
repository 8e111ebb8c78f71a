"""Logging in, and a user changing their own password. Services flush; the request commits.

Administrators create and change accounts through ``exchange.org.accounts``.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange.audit.services import record
from exchange.auth.models import User
from exchange.auth.passwords import hash_password, needs_rehash, password_reasons, verify_password
from exchange.db import utcnow
from exchange.errors_domain import DomainError, Reason
from exchange.extensions import db

# Verifying against this keeps the time of "no such user" close to "wrong password".
_DUMMY_HASH: dict[str, str] = {}


def _dummy_hash() -> str:
    if "h" not in _DUMMY_HASH:
        _DUMMY_HASH["h"] = hash_password("not-a-real-password-0")
    return _DUMMY_HASH["h"]


def find_user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == username.strip().lower()))


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None. Upgrades an outdated hash."""
    user = find_user(username)
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def change_password(user: User, current: str, new: str, actor=None) -> None:
    """Set a new password and end every other session of the user."""
    reasons = []
    if not verify_password(user.password_hash, current):
        reasons.append(
            Reason("current_password", "wrong_password", _l("The current password is wrong."))
        )
    reasons += password_reasons(new, user.username, field="new_password")
    if reasons:
        raise DomainError(reasons)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    user.end_all_sessions()
    record("user.password_change", user, actor=actor or user, districts=(user.district_id,))
