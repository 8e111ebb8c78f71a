"""Who may open a route: signed in (else the login page), then a policy predicate (else 403)."""

from collections.abc import Callable
from functools import wraps

from flask_login import current_user, login_required

from exchange import policy


def requires(predicate: Callable[[object], bool]):
    """Decorate a view: ``login_required``, then 403 unless ``predicate(current_user)``."""

    def decorate(view):
        @login_required
        @wraps(view)
        def guarded(*args, **kwargs):
            policy.require(predicate(current_user))
            return view(*args, **kwargs)

        return guarded

    return decorate


def acting_user():
    """The signed-in user itself rather than its proxy, for services that store the actor."""
    return current_user._get_current_object()
