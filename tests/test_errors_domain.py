"""Domain errors: every reason has a code, and each lands where the user sees it."""

import pytest

from exchange.errors_domain import ConflictError, DomainError, NotAllowed, Reason, apply_to_form
from exchange.web.forms import VersionedForm


def test_reasons_are_field_code_message_triples():
    error = DomainError([("title", "required", "Enter a title."), Reason(None, "x", "y")])
    assert error.codes == ["required", "x"]
    assert error.fields()["title"][0].message == "Enter a title."
    with pytest.raises(TypeError):
        DomainError([("title", "Enter a title.")])  # no code: refused, never guessed


def test_a_bare_message_gets_the_kinds_code():
    assert DomainError("no").codes == ["invalid"]
    assert ConflictError("changed").codes == ["stale"]
    assert NotAllowed("no").codes == ["not_allowed"]
    assert (DomainError.status, ConflictError.status, NotAllowed.status) == (400, 409, 403)


def test_a_stale_version_shows_above_the_form(app):
    with app.test_request_context(method="POST"):
        form = VersionedForm(meta={"csrf": False})
        apply_to_form(ConflictError([("version", "stale", "Reload.")]), form)
        assert form.form_errors == ["Reload."] and not form.version.errors
