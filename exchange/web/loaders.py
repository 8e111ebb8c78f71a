"""Load a record for a request: 404 when it does not exist, then 403 when not allowed."""

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from exchange import policy
from exchange.extensions import db

T = TypeVar("T")


def load_or_404(model: type[T] | sa.Select, ident: int | None = None) -> T:
    """The row of ``model`` with primary key ``ident``, or the one row ``model`` (a select) finds."""
    if isinstance(model, sa.Select):
        obj = db.session.scalars(model).unique().one_or_none()
    else:
        obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def load_allowed(
    model: type[T] | sa.Select,
    ident: int | None = None,
    allowed: Callable[..., bool] | None = None,
    *args: Any,
) -> T:
    """``load_or_404``, then 403 unless ``allowed(current_user, obj, *args)``."""
    obj = load_or_404(model, ident)
    if allowed is not None:
        policy.require(allowed(current_user, obj, *args))
    return obj
