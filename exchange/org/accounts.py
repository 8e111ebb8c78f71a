"""User accounts managed by administrators: create, edit, disable, reset a password.

Services flush, never commit. Every change writes an audit event with old and new
values; secrets (the password hash, the session token) only ever appear as ``***``.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from exchange.audit.services import changes_of, record
from exchange.auth.models import Role, User
from exchange.auth.passwords import hash_password, password_reasons
from exchange.cadres.models import Cadre
from exchange.db import utcnow
from exchange.errors_domain import DomainError, Reason
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.org.services import require_admin

USERNAME = re.compile(r"^[a-z0-9_.-]+$")
USERNAME_MAX = 64
DISPLAY_NAME_MAX = 80
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_MAX = 254


def _too_long(limit: int):
    return _l("Keep it to %(n)d characters or fewer.", n=limit)


@dataclass(frozen=True)
class AccountData:
    display_name: str
    role: str
    email: str | None = None
    district_id: int | None = None
    cadre_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class NewAccount(AccountData):
    username: str = ""
    password: str = ""


def cadres_without_account(keep_id: int | None = None):
    """A select of cadres that no account is linked to (plus ``keep_id``), by name."""
    taken = sa.select(User.cadre_id).where(User.cadre_id.is_not(None))
    if keep_id is not None:
        taken = taken.where(User.cadre_id != keep_id)
    return (
        sa.select(Cadre)
        .join(Cadre.home_department)
        .where(Cadre.id.not_in(taken))
        .order_by(Department.district_id, Cadre.name_pinyin, Cadre.id)
    )


def _scope(data: AccountData) -> tuple[int | None, int | None]:
    """The district and cadre an account of this role keeps; other roles keep neither
    (leadership reads every district, so a leader's district would mean nothing)."""
    district_id = data.district_id if data.role == Role.HR else None
    cadre_id = data.cadre_id if data.role == Role.CADRE else None
    return district_id, cadre_id


def _account_reasons(data: AccountData, user: User | None) -> list[Reason]:
    reasons = []
    display_name = data.display_name.strip()
    if not display_name:
        reasons.append(Reason("display_name", "required", _l("Enter a display name.")))
    elif len(display_name) > DISPLAY_NAME_MAX:
        reasons.append(Reason("display_name", "too_long", _too_long(DISPLAY_NAME_MAX)))
    email = (data.email or "").strip()
    if email and (len(email) > EMAIL_MAX or not EMAIL.match(email)):
        reasons.append(Reason("email", "invalid", _l("Enter a valid email address.")))
    if data.role not in set(Role):
        reasons.append(Reason("role", "invalid_choice", _l("Choose a valid role.")))
        return reasons
    district_id, cadre_id = _scope(data)
    if district_id is not None and db.session.get(District, district_id) is None:
        reasons.append(
            Reason("district_id", "invalid_choice", _l("Choose a district from the list."))
        )
    if data.role == Role.HR and district_id is None:
        reasons.append(
            Reason("district_id", "required", _l("An HR officer must belong to a district."))
        )
    if data.role == Role.CADRE:
        reasons += _cadre_reasons(cadre_id, user)
    return reasons


def _cadre_reasons(cadre_id: int | None, user: User | None) -> list[Reason]:
    """A seconded official's account is linked to one cadre that has no other account."""
    if cadre_id is None:
        message = _l("A seconded official's account must be linked to a cadre.")
        return [Reason("cadre_id", "required", message)]
    if db.session.get(Cadre, cadre_id) is None:
        return [Reason("cadre_id", "invalid_choice", _l("Choose a cadre from the list."))]
    holder = db.session.scalar(sa.select(User.id).where(User.cadre_id == cadre_id))
    if holder is not None and (user is None or holder != user.id):
        return [Reason("cadre_id", "already_linked", _l("This cadre already has an account."))]
    return []


def _username_reasons(username: str) -> list[Reason]:
    if not username:
        return [Reason("username", "required", _l("Enter a username."))]
    if len(username) > USERNAME_MAX:
        return [Reason("username", "too_long", _too_long(USERNAME_MAX))]
    if not USERNAME.match(username):
        message = _l("Use letters, digits, '.', '-' or '_'.")
        return [Reason("username", "invalid", message)]
    if db.session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        return [Reason("username", "taken", _l("This username is already taken."))]
    return []


def _active_admins_besides(user: User) -> int:
    count = db.session.scalar(
        sa.select(sa.func.count(User.id)).where(
            User.role == Role.ADMIN, User.active.is_(True), User.id != user.id
        )
    )
    return count or 0


def _audit_districts(user: User, *extra) -> tuple:
    district_id = user.district_id
    if district_id is None and user.cadre_id is not None:
        cadre = db.session.get(Cadre, user.cadre_id)
        district_id = cadre.home_department.district_id if cadre else None
    ids = [district_id, *extra]
    unique = []
    for i in ids:
        if i is not None and i not in unique:
            unique.append(i)
    return tuple(unique[:2])


def create_account(data: NewAccount, actor) -> User:
    """A new account: the admin's form and ``flask users create`` both come here.

    The password follows the password policy; the actor is an administrator, or
    ``policy.COMMAND_LINE`` for the operator creating the first accounts.
    """
    require_admin(actor)
    username = data.username.strip().lower()
    reasons = _username_reasons(username)
    reasons += _account_reasons(data, None)
    reasons += password_reasons(data.password, username)
    if reasons:
        raise DomainError(reasons)
    district_id, cadre_id = _scope(data)
    user = User(
        username=username,
        display_name=data.display_name.strip(),
        email=(data.email or "").strip() or None,
        role=data.role,
        district_id=district_id,
        cadre_id=cadre_id,
        active=data.active,
        password_hash=hash_password(data.password),
        password_changed_at=utcnow(),
        must_change_password=True,  # someone else chose it: the user sets their own
    )
    db.session.add(user)
    changes = changes_of(user)
    db.session.flush()
    record(
        "user.create",
        user,
        actor=actor,
        changes=changes,
        summary=username,
        districts=_audit_districts(user),
    )
    return user


def update_account(user: User, data: AccountData, actor) -> User:
    """Change an account; disabling it ends its sessions; the last active admin stays one."""
    require_admin(actor)
    reasons = _account_reasons(data, user)
    was_active_admin = user.role == Role.ADMIN and user.active
    stays_active_admin = data.role == Role.ADMIN and data.active
    if was_active_admin and not stays_active_admin and _active_admins_besides(user) == 0:
        field = "active" if data.role == Role.ADMIN else "role"
        reasons.append(
            Reason(
                field,
                "last_admin",
                _l(
                    "This is the last active administrator: keep it an active administrator, "
                    "or first make another account one."
                ),
            )
        )
    if reasons:
        raise DomainError(reasons)
    old_district_id = user.district_id
    district_id, cadre_id = _scope(data)
    user.display_name = data.display_name.strip()
    user.email = (data.email or "").strip() or None
    user.role = data.role
    user.district_id = district_id
    user.cadre_id = cadre_id
    user.active = data.active
    if user.active is False and sa.inspect(user).attrs.active.history.has_changes():
        user.end_all_sessions()
    changes = changes_of(user)
    if changes:
        db.session.flush()
        action = "user.disable" if changes.get("active") == [True, False] else "user.update"
        record(
            action,
            user,
            actor=actor,
            changes=changes,
            summary=user.username,
            districts=_audit_districts(user, old_district_id),
        )
    return user


def reset_password(user: User, password: str, actor) -> None:
    """An administrator sets a new password; every session of the user ends."""
    require_admin(actor)
    reasons = password_reasons(password, user.username)
    if reasons:
        raise DomainError(reasons)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    user.end_all_sessions()
    changes = changes_of(user)
    changes.pop("password_changed_at", None)
    record(
        "user.password_reset",
        user,
        actor=actor,
        changes=changes,
        summary=user.username,
        districts=_audit_districts(user),
    )


def account_list(role: str | None = None, district_id: int | None = None, active=None):
    """A select of accounts with their district and cadre loaded, filtered as given."""
    query = (
        sa.select(User)
        .options(joinedload(User.district), joinedload(User.cadre))
        .order_by(User.role, User.username)
    )
    if role:
        query = query.where(User.role == role)
    if district_id:
        query = query.where(User.district_id == district_id)
    if active is not None:
        query = query.where(User.active.is_(active))
    return query
