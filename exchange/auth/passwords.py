"""Password hashing with argon2id (OWASP ASVS 5.0), and the password policy."""

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

from exchange.errors_domain import Reason

MIN_LENGTH = 10
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


def _hasher() -> PasswordHasher:
    return PasswordHasher(**current_app.config["PASSWORD_HASH"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


# Hashes written by Werkzeug's generate_password_hash (e.g. by an earlier version or an
# import from another system): "scrypt:32768:8:1$salt$hex", "pbkdf2:sha256:...$salt$hex".
LEGACY_PREFIXES = ("scrypt:", "pbkdf2:")


def _is_legacy(password_hash: str) -> bool:
    return password_hash.startswith(LEGACY_PREFIXES)


def verify_password(password_hash: str, password: str) -> bool:
    if _is_legacy(password_hash):
        from werkzeug.security import check_password_hash

        try:
            return check_password_hash(password_hash, password)
        except ValueError:
            return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash is not argon2id with today's parameters (upgraded at next login)."""
    if _is_legacy(password_hash):
        return True
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def common_passwords() -> frozenset[str]:
    if not COMMON_PASSWORDS_FILE.exists():
        return frozenset()
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def password_reasons(password: str, username: str = "", field: str = "password") -> list[Reason]:
    """Why ``password`` is not acceptable, as ``(field, code, message)`` reasons (empty if it is)."""
    reasons = []
    if len(password) < MIN_LENGTH:
        reasons.append(
            Reason(field, "too_short", _l("Use at least %(n)d characters.", n=MIN_LENGTH))
        )
    if len(password) > MAX_LENGTH:
        reasons.append(Reason(field, "too_long", _l("Use at most %(n)d characters.", n=MAX_LENGTH)))
    if username and password.lower() == username.lower():
        reasons.append(Reason(field, "is_username", _l("The password may not be the username.")))
    if password.lower() in common_passwords():
        reasons.append(
            Reason(field, "too_common", _l("This password is too common; choose another."))
        )
    return reasons


def password_problems(password: str, username: str = "") -> list:
    """The messages of :func:`password_reasons` (empty when the password is acceptable)."""
    return [reason.message for reason in password_reasons(password, username)]
