"""``act()``: the one "validate → call the service → commit or refuse" step of a form view.

A view loads its record and checks the policy (``exchange.web.loaders``), builds its
form, then hands over::

    return act(
        form,
        lambda: services.accept_posting(posting, current_user, form.opened_version()),
        done=_l("The posting was accepted."),
        success=url_for("postings.detail", posting_id=posting.id),
        failure=lambda status: render_detail(posting, status, accept=form),
    )

A GET (nothing submitted) renders ``failure(200)``: the form as first shown. An invalid
form answers 400; a refusal from the service rolls back and answers 400, 409 (stale
version, or a unique key another request took at the same moment: ``IntegrityError``) or
403 (``NotAllowed``), with the reasons next to their fields. Success commits
once, flashes ``done`` (as ``done_category``: "success" unless told) and redirects to
``success``: a URL, or a function of what ``call`` returned that gives a URL or a response.
"""

from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from sqlalchemy.exc import IntegrityError

from exchange.errors_domain import DomainError, from_integrity_error, refuse
from exchange.extensions import db


def form_status(form) -> int:
    """200, or 400 once the form was checked and has errors (a POST that did not
    validate, a search or filter form with a bad value)."""
    return 400 if form.errors else 200


def act(
    form,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], Any],
    failure: Callable[[int], Any],
    done: Any = None,
    done_category: str = "success",
    validate: bool = True,
) -> Any:
    """Validate ``form``, run ``call``, and commit; or roll back and render ``failure(status)``."""
    if not form.is_submitted():
        return failure(200)
    if validate and not form.validate():
        return failure(400)
    try:
        result = call()
        db.session.commit()
    except DomainError as error:
        return failure(refuse(error, form))
    except IntegrityError as error:  # a unique key another request took first, at flush or commit
        return failure(refuse(from_integrity_error(error), form))
    if done:
        flash(done, done_category)
    target = success(result) if callable(success) else success
    return redirect(target) if isinstance(target, str) else target
