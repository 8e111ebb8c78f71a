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
    # A missing file is an error (start-up checks it too): an empty list would accept all.
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


# Runs this long of one character ("aaaa") or of a sequence ("1234", "abcd", "dcba") are
# refused: they add length without adding anything a guesser has to try.
RUN = 4
# The published demo password (README, demo seeding): never a real account's.
PUBLISHED_DEMO_PASSWORD = "Shuangcheng2020"


def _has_run(password: str) -> bool:
    """A run of RUN equal characters, or of RUN characters each one up (or down) from the last."""
    codes = [ord(c) for c in password.lower()]
    for i in range(len(codes) - RUN + 1):
        steps = {b - a for a, b in zip(codes[i : i + RUN], codes[i + 1 : i + RUN], strict=False)}
        if steps in ({0}, {1}, {-1}):
            return True
    return False


def _is_common(password: str) -> bool:
    """A common password, also with digits or symbols around it ("password1234", "iloveyou123")."""
    lowered = password.lower()
    core = lowered.strip("0123456789!@#$%^&*()_-+=.,?~ ")
    return lowered in common_passwords() or (len(core) >= 4 and core in common_passwords())


def _demo_passwords() -> set[str]:
    return {PUBLISHED_DEMO_PASSWORD.lower(), str(current_app.config["DEMO_PASSWORD"]).lower()}


def password_reasons(password: str, username: str = "", field: str = "password") -> list[Reason]:
    """Why ``password`` is not acceptable, as ``(field, code, message)`` reasons (empty if it is)."""
    reasons = []
    if len(password) < MIN_LENGTH:
        reasons.append(
            Reason(field, "too_short", _l("Use at least %(n)d characters.", n=MIN_LENGTH))
        )
    if len(password) > MAX_LENGTH:
        reasons.append(Reason(field, "too_long", _l("Use at most %(n)d characters.", n=MAX_LENGTH)))
    name = username.strip().lower()
    if name and (password.lower() == name or (len(name) >= 3 and name in password.lower())):
        reasons.append(
            Reason(field, "is_username", _l("The password may not contain the username."))
        )
    if _is_common(password):
        reasons.append(
            Reason(field, "too_common", _l("This password is too common; choose another."))
        )
    if _has_run(password):
        message = _l(
            "Avoid runs of repeated or consecutive characters (such as aaaa, 1234 or abcd)."
        )
        reasons.append(Reason(field, "repetitive", message))
    if password.lower() in _demo_passwords():
        message = _l("This is the published demo password; choose your own.")
        reasons.append(Reason(field, "demo_password", message))
    return reasons


def password_problems(password: str, username: str = "") -> list:
    """The messages of :func:`password_reasons` (empty when the password is acceptable)."""
    return [reason.message for reason in password_reasons(password, username)]
