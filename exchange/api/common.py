"""What every API view shares: the acting user, loading with 404 then 403, running a
service and committing once."""

from collections.abc import Callable
from typing import Any, TypeVar

from flask_login import current_user

from exchange import policy
from exchange.api.errors import ApiError
from exchange.api.etags import Expected, show_version
from exchange.errors_domain import ConflictError
from exchange.extensions import db
from exchange.web.loaders import load_allowed

T = TypeVar("T")


def user():
    """The token's user itself (services store the actor)."""
    return current_user._get_current_object()


def allow(predicate: Callable[[Any], bool]) -> None:
    """403 unless ``predicate(user)``."""
    policy.require(predicate(current_user))


def shown(record: T) -> T:
    """``record`` as the response shows it; its version goes into the ETag."""
    show_version(record)
    return record


def load(model_or_select, ident=None, allowed=None, *args) -> Any:
    """404 when missing, then 403 unless ``allowed(user, record, *args)``."""
    return load_allowed(model_or_select, ident, allowed, *args)


def perform(expected: Expected | None, call: Callable[[], T]) -> T:
    """Run the service; commit once; a stale version named by If-Match gives 412."""
    try:
        result = call()
    except ConflictError:
        db.session.rollback()
        if expected is not None and expected.by_if_match:
            raise ApiError(412) from None
        raise
    db.session.commit()
    return result
