import pytest


@pytest.fixture
def req(app):
    """A request context (lazy translated strings need one to become text)."""
    with app.test_request_context():
        yield app
