"""Login throttling (issue 11, OWASP/ASVS V6.3): per (account, address) and per address, only
real authentication failures count, the counts are exact under concurrency and shared
through Redis, and the right password from another address is slowed down, never refused.

Decision: LOGIN_LIMIT_PER_ACCOUNT (5 per 15 minutes) limits one account *from one address*;
failures of an account from everywhere only slow its attempts down (LOGIN_SLOWDOWN_AFTER).
LOGIN_LIMIT_PER_IP limits an address that guesses many accounts, except for an account
that has logged in from that address before (an office behind one NAT address).
"""

import os
import threading
import uuid

import pytest

from exchange.auth.throttle import LoginAttempt, Throttled
from tests import factories as f

pytestmark = []


@pytest.fixture
def app_config():
    return {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_KEY_PREFIX": "t" + uuid.uuid4().hex,
        "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
        "LOGIN_LIMIT_PER_IP": "8 per 15 minutes",
        "LOGIN_SLOWDOWN_SECONDS": 0,
    }


def fail(client, username, ip="10.0.0.1"):
    return client.post(
        "/login",
        data={"username": username, "password": "wrong password here"},
        environ_base={"REMOTE_ADDR": ip},
    )


def login(client, username, ip):
    return client.post(
        "/login",
        data={"username": username, "password": f.PASSWORD},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_sixth_failure_from_one_address_gets_a_clear_chinese_429(client, world):
    for _ in range(5):
        assert fail(client, "hr.tianfu").status_code == 401
    response = fail(client, "hr.tianfu")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "尝试次数过多" in page and "分钟后再试" in page
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert response.headers["X-Request-ID"] in page
    # the guesser's address stays throttled, even with the right password
    assert login(client, "hr.tianfu", "10.0.0.1").status_code == 429


def test_the_right_password_from_another_address_is_not_locked_out(client, world):
    for _ in range(5):
        fail(client, "admin", ip="10.6.6.6")
    assert fail(client, "admin", ip="10.6.6.6").status_code == 429
    assert login(client, "admin", "10.1.1.1").status_code == 302


def test_the_429_page_speaks_english_on_request(client, world):
    client.set_cookie("lang", "en")
    for _ in range(5):
        fail(client, "leader")
    page = fail(client, "leader").get_data(as_text=True)
    assert "Too many attempts" in page and "try again in about" in page


def test_another_account_from_the_same_ip_meets_only_the_ip_limit(client, world):
    for _ in range(5):
        fail(client, "hr.tianfu")
    assert fail(client, "hr.tianfu").status_code == 429
    # hr.liangjiang from the same address: its own count is clean, the IP has 5 of 8 used
    assert fail(client, "hr.liangjiang").status_code == 401
    assert fail(client, "hr.liangjiang").status_code == 401
    assert fail(client, "hr.liangjiang").status_code == 401
    assert fail(client, "hr.liangjiang").status_code == 429  # the IP's 9th failure
    assert fail(client, "hr.liangjiang", ip="10.9.9.9").status_code == 401  # other IP fine


def test_a_guesser_behind_the_office_nat_does_not_lock_the_office_out(client, auth, world):
    assert login(client, "leader", "10.0.0.1").status_code == 302  # logged in here before
    auth.logout()
    for name in ("hr.tianfu", "hr.liangjiang"):
        for _ in range(4):
            fail(client, name)
    assert fail(client, "hr.cdedz").status_code == 429  # the address is throttled ...
    assert login(client, "leader", "10.0.0.1").status_code == 302  # ... not for the office


def test_successful_logins_are_not_counted(client, auth, world):
    for _ in range(8):
        assert auth.login("leader").status_code == 302
        auth.logout()
    assert fail(client, "leader").status_code == 401


def test_a_500_during_login_is_not_counted(app, client, world, monkeypatch):
    import exchange.auth.views as views

    def broken(username, password):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "authenticate", broken)
    for _ in range(7):
        assert fail(client, "hr.tianfu").status_code == 500
    monkeypatch.undo()
    for _ in range(5):
        assert fail(client, "hr.tianfu").status_code == 401


def test_failures_of_an_account_from_everywhere_slow_it_down(app, world):
    app.config.update(LOGIN_SLOWDOWN_AFTER=3, LOGIN_SLOWDOWN_SECONDS=0.5)
    with app.test_request_context():
        for n in range(3):
            attempt = LoginAttempt("admin", f"10.0.0.{n}")
            assert attempt.begin() == 0.0
            attempt.failed()
        assert LoginAttempt("admin", "10.2.2.2").begin() == 0.5


def _redis_url():
    url = os.environ.get("EXCHANGE_TEST_REDIS_URL")
    if not url:
        if os.environ.get("EXCHANGE_REQUIRE_SERVICES") == "1":
            pytest.fail("EXCHANGE_REQUIRE_SERVICES=1 but EXCHANGE_TEST_REDIS_URL is unset")
        pytest.skip("EXCHANGE_TEST_REDIS_URL is not set (CI sets it): Redis-shared limits")
    return url


def _second_instance_sees_earlier_failures(app, fresh_app, storage_uri) -> bool:
    """Fail 5 times on ``app``, then try once on a newly built instance with its own storage."""
    settings = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_KEY_PREFIX": "t" + uuid.uuid4().hex,
        "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
        "LOGIN_LIMIT_PER_IP": "30 per 15 minutes",
    }
    app.config.update(settings)
    app.extensions.pop("login_throttle", None)  # instance one: storage per its settings
    one = app.test_client()
    for _ in range(5):
        assert fail(one, "hr.cdedz").status_code == 401
    # Instance two connects to the storage anew: only shared storage still has the counts.
    # It shares the test's database transaction so that it knows the same accounts.
    app.extensions.pop("login_throttle", None)  # instance two: a storage connection anew
    two = app.test_client()
    status = fail(two, "hr.cdedz").status_code
    if storage_uri.startswith("redis"):
        import redis

        connection = redis.Redis.from_url(storage_uri)
        for key in connection.scan_iter(f"*{settings['RATELIMIT_KEY_PREFIX']}*"):
            connection.delete(key)
        connection.close()
    return status == 429


def test_counts_are_shared_between_two_app_instances_through_redis(app, fresh_app, world):
    assert _second_instance_sees_earlier_failures(app, fresh_app, _redis_url())


def test_memory_storage_is_per_instance_so_the_shared_test_can_fail(app, fresh_app, world):
    assert not _second_instance_sees_earlier_failures(app, fresh_app, "memory://")


def test_counts_are_exact_under_concurrency_with_redis(app, world):
    """24 attempts released together: exactly 5 reach a password check."""
    app.config.update(
        RATELIMIT_STORAGE_URI=_redis_url(),
        RATELIMIT_KEY_PREFIX="t" + uuid.uuid4().hex,
        LOGIN_LIMIT_PER_IP="100 per 15 minutes",
    )
    app.extensions.pop("login_throttle", None)
    checked, start = [], threading.Barrier(24)

    def attempt():
        with app.test_request_context():
            one = LoginAttempt("admin", "10.7.7.7")
            start.wait()
            try:
                one.begin()
            except Throttled:
                return
            checked.append(1)
            one.failed()

    threads = [threading.Thread(target=attempt) for _ in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = app.extensions["login_throttle"]
    for key in store._redis.scan_iter(app.config["RATELIMIT_KEY_PREFIX"] + "*"):
        store._redis.delete(key)
    assert len(checked) == 5
