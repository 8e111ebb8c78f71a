"""``act()``: the one "validate → call the service → commit or refuse" step of a POST view.

A view loads its record and checks the policy (``exchange.web.loaders``), builds its
form, then hands over::

    return act(
        form,
        lambda: services.accept_posting(posting, current_user, form.opened_version()),
        done=_l("The posting was accepted."),
        success=url_for("postings.detail", posting_id=posting.id),
        failure=lambda status: render_detail(posting, status, accept=form),
    )

An invalid form answers 400; a refusal from the service rolls back and answers 400,
409 (stale version) or 403 (``NotAllowed``), with the reasons next to their fields;
success commits once, flashes ``done`` and redirects.
"""

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request

from exchange.errors_domain import DomainError, refuse
from exchange.extensions import db


def form_status(form) -> int:
    """200 for a GET, 400 for a POST whose form did not validate."""
    return 400 if request.method == "POST" else 200


def act(
    form,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    failure: Callable[[int], Any],
    done: Any = None,
    validate: bool = True,
) -> Any:
    """Validate ``form``, run ``call``, and commit; or roll back and render ``failure(status)``."""
    if validate and not form.validate_on_submit():
        return failure(400)
    try:
        result = call()
    except DomainError as error:
        return failure(refuse(error, form))
    db.session.commit()
    if done:
        flash(done, "success")
    target = success(result) if callable(success) else success
    return redirect(target) if isinstance(target, str) else target
