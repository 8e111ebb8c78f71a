"""Domain errors raised by services; the web layer and the API map them onto responses.

A refusal carries reasons, each a :class:`Reason` ``(field, code, message)``: ``field``
names the form field it belongs to (or None for the form as a whole), ``code`` is a
stable machine-readable code that tests and API clients compare, and ``message`` is the
translated text a user reads. Three kinds:

- :class:`DomainError` — a business rule refused the change (HTTP 400 / API 422);
- :class:`ConflictError` — someone else changed the record first (HTTP 409);
- :class:`NotAllowed` — the actor may not do this at all (HTTP 403).
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Reason(NamedTuple):
    field: str | None
    code: str
    message: Any  # str or a lazy translated string


def _reason(item) -> Reason:
    """A ``Reason`` from a ``(field, code, message)`` triple; every reason has its code."""
    if isinstance(item, Reason):
        return item
    if len(item) != 3:
        raise TypeError(f"a reason is (field, code, message), not {item!r}")
    return Reason(*item)


class DomainError(Exception):
    """A business rule refused the change."""

    status = 400
    default_code = "invalid"

    def __init__(self, reasons, code: str | None = None):
        if isinstance(reasons, str) or not isinstance(reasons, list | tuple):
            reasons = [Reason(None, code or self.default_code, reasons)]
        self.reasons: list[Reason] = [_reason(r) for r in reasons]
        super().__init__("; ".join(str(r.message) for r in self.reasons))

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    def fields(self) -> dict[str | None, list[Reason]]:
        grouped: dict[str | None, list[Reason]] = {}
        for reason in self.reasons:
            grouped.setdefault(reason.field, []).append(reason)
        return grouped


class ConflictError(DomainError):
    """Someone else changed the record since the form was opened (HTTP 409)."""

    status = 409
    default_code = "stale"


class NotAllowed(DomainError):
    """The actor may not do this (HTTP 403); the policy module decides."""

    status = 403
    default_code = "not_allowed"


# SQLSTATE classes (PostgreSQL) and message starts (SQLite) of integrity violations.
_CONFLICTS = {"23505": "UNIQUE constraint failed", "23503": "FOREIGN KEY constraint failed"}


def from_integrity_error(error) -> DomainError:
    """The refusal a database integrity error stands for.

    A unique (or foreign-key) violation means another request saved the same thing (or
    removed what this one refers to) at the same moment: a ``ConflictError`` (409),
    "reload and try again". Any other violation (a CHECK, NOT NULL) is input a form
    should have refused: a ``DomainError`` (400).
    """
    from flask_babel import lazy_gettext as _l

    original = getattr(error, "orig", error)
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    text = str(original)
    if state in _CONFLICTS or any(text.startswith(m) for m in _CONFLICTS.values()):
        return ConflictError(
            [
                (
                    None,
                    "conflict",
                    _l(
                        "Someone else saved the same record at the same moment. "
                        "Reload the page and try again."
                    ),
                )
            ]
        )
    return DomainError(
        [
            (
                None,
                "invalid",
                _l("A value breaks a rule of the records. Check the form and try again."),
            )
        ]
    )


def apply_to_form(error: DomainError, form) -> None:
    """Put each reason next to its field; reasons without a visible field (none, or a hidden
    one such as ``version``) go to ``form.form_errors``."""
    for reason in error.reasons:
        field = getattr(form, reason.field, None) if reason.field else None
        hidden = getattr(field, "type", "") in ("HiddenField", "CSRFTokenField")
        if field is not None and hasattr(field, "errors") and not hidden:
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(reason.message)
        else:
            form.form_errors.append(reason.message)


def refuse(error: DomainError, form) -> int:
    """Undo the request's changes, put the reasons on the form, and return the status.

    409 when someone else changed the record first, 400 for any other refusal; an actor
    the rules do not allow gets the 403 page (which records the refusal).
    """
    from flask import abort

    from exchange.extensions import db

    db.session.rollback()
    if isinstance(error, NotAllowed):
        abort(403)
    apply_to_form(error, form)
    return error.status
