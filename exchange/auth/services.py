"""Logging in and out, and account changes. Services flush; the request commits."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange.audit.services import changes_of, record
from exchange.auth.models import Role, User
from exchange.auth.passwords import hash_password, needs_rehash, password_problems, verify_password
from exchange.db import utcnow
from exchange.errors_domain import DomainError
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


@dataclass(frozen=True)
class NewUser:
    username: str
    role: str
    password: str
    display_name: str = ""
    email: str | None = None
    district_id: int | None = None
    cadre_id: int | None = None


def create_user(data: NewUser, actor=None) -> User:
    """Create an account after checking role, scope and password policy."""
    username = data.username.strip().lower()
    reasons = []
    if not username:
        reasons.append(("username", _l("Enter a username.")))
    elif find_user(username) is not None:
        reasons.append(("username", _l("This username is already taken.")))
    if data.role not in set(Role):
        reasons.append(("role", _l("Choose a valid role.")))
    if data.role == Role.HR and data.district_id is None:
        reasons.append(("district_id", _l("An HR officer must belong to a district.")))
    if data.role == Role.CADRE and data.cadre_id is None:
        reasons.append(("cadre_id", _l("A seconded official's account must be linked to a cadre.")))
    for problem in password_problems(data.password, username):
        reasons.append(("password", problem))
    if reasons:
        raise DomainError(reasons)
    user = User(
        username=username,
        role=data.role,
        display_name=data.display_name,
        email=data.email,
        district_id=data.district_id if data.role in (Role.HR, Role.LEADER) else None,
        cadre_id=data.cadre_id if data.role == Role.CADRE else None,
        password_hash=hash_password(data.password),
        password_changed_at=utcnow(),
    )
    db.session.add(user)
    changes = changes_of(user)
    db.session.flush()
    record("user.create", user, actor=actor, changes=changes, districts=(user.district_id,))
    return user


def change_password(user: User, current: str, new: str, actor=None) -> None:
    """Set a new password and end every other session of the user."""
    reasons = []
    if not verify_password(user.password_hash, current):
        reasons.append(("current_password", _l("The current password is wrong.")))
    for problem in password_problems(new, user.username):
        reasons.append(("new_password", problem))
    if reasons:
        raise DomainError(reasons)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.end_all_sessions()
    record("user.password_change", user, actor=actor or user, districts=(user.district_id,))
