"""The API's rate limit counts per token (Flask-Limiter; shared through Redis when set)."""

import pytest

from tests.api.test_errors import assert_error


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}


def test_429_after_the_tokens_rate_limit(app, api, world):
    client = api("leader")
    statuses = [client.get("/api/v1/districts").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/districts")
    assert_error(response, 429, "too_many_requests")
    assert int(response.headers["Retry-After"]) > 0
    # Another token has its own count.
    assert api("admin").get("/api/v1/districts").status_code == 200
