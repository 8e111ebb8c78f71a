"""Login throttling as OWASP and ASVS 5.0 (V6.3) ask: per (account, address) and per address,
counting real authentication failures only, exact under concurrency, shared through Redis.

- An attempt first *reserves* a slot in each of its counters, atomically (a Lua script on
  Redis, a lock in memory): 24 attempts released together against a limit of 5 get exactly
  5 password checks. A success or an error (a 500) gives its slots back: only wrong
  passwords count.
- The per-(account, address) limit refuses (429) the guesser, not the account's owner at
  another address. Failures of an account from every address only *slow down* its
  attempts (``LOGIN_SLOWDOWN_AFTER``), so nobody can lock ``admin`` out from afar.
- The per-address limit refuses an address that guesses many accounts (password
  spraying), except for an account that has logged in from that address before (kept
  ``LOGIN_KNOWN_DAYS``): a guesser behind an office's NAT does not lock the office out.

Storage: Redis when ``RATELIMIT_STORAGE_URI`` is ``redis://`` (every instance shares the
counts), memory otherwise (one process: development and tests).
"""

import threading
import time
from dataclasses import dataclass, field

from flask import current_app
from limits import parse

# KEYS[1] the counter; ARGV[1] the limit, ARGV[2] the window in seconds.
# Returns the new count, or minus the seconds left when the limit is reached.
_RESERVE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  return -ttl
end
count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return count
"""
_RELEASE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


class MemoryCounters:
    """Counters with expiry in this process, behind one lock."""

    def __init__(self):
        self._lock = threading.Lock()
        self._data: dict[str, tuple[int, float]] = {}

    def _get(self, key: str, now: float) -> tuple[int, float]:
        count, expires = self._data.get(key, (0, 0.0))
        return (0, 0.0) if expires <= now else (count, expires)

    def reserve(self, key: str, limit: int, window: int) -> int:
        with self._lock:
            now = time.monotonic()
            count, expires = self._get(key, now)
            if count >= limit:
                return -max(1, int(expires - now))
            self._data[key] = (count + 1, expires or now + window)
            return count + 1

    def release(self, key: str) -> None:
        with self._lock:
            count, expires = self._get(key, time.monotonic())
            if count > 0:
                self._data[key] = (count - 1, expires)

    def add(self, key: str, window: int) -> int:
        with self._lock:
            now = time.monotonic()
            count, expires = self._get(key, now)
            self._data[key] = (count + 1, expires or now + window)
            return count + 1

    def get(self, key: str) -> int:
        with self._lock:
            return self._get(key, time.monotonic())[0]

    def mark(self, key: str, seconds: int) -> None:
        with self._lock:
            self._data[key] = (1, time.monotonic() + seconds)


class RedisCounters:
    """The same counters in Redis: one script or one pipeline per change, so atomic."""

    def __init__(self, url: str):
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._reserve = self._redis.register_script(_RESERVE)
        self._release = self._redis.register_script(_RELEASE)

    def reserve(self, key: str, limit: int, window: int) -> int:
        return int(self._reserve(keys=[key], args=[limit, window]))

    def release(self, key: str) -> None:
        self._release(keys=[key])

    def add(self, key: str, window: int) -> int:
        pipe = self._redis.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, window, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def get(self, key: str) -> int:
        return int(self._redis.get(key) or 0)

    def mark(self, key: str, seconds: int) -> None:
        self._redis.set(key, 1, ex=seconds)


def counters():
    """This app's counter store, made on first use from its configuration."""
    store = current_app.extensions.get("login_throttle")
    if store is None:
        uri = current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        store = (
            RedisCounters(uri) if uri.startswith(("redis://", "rediss://")) else MemoryCounters()
        )
        current_app.extensions["login_throttle"] = store
    return store


def _limit(setting: str) -> tuple[int, int]:
    item = parse(current_app.config[setting])
    return item.amount, item.get_expiry()


class Throttled(Exception):
    """The attempt was refused before any password was checked."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass
class LoginAttempt:
    """One login attempt's reservations: ``begin`` takes them, ``succeeded``/``aborted`` give
    them back, ``failed`` keeps them and adds to the account's failures."""

    username: str
    address: str
    held: list[str] = field(default_factory=list)

    def _key(self, *parts: str) -> str:
        return ":".join(
            (current_app.config.get("RATELIMIT_KEY_PREFIX", "exchange"), "login", *parts)
        )

    @property
    def enabled(self) -> bool:
        return bool(current_app.config.get("RATELIMIT_ENABLED", True))

    def begin(self) -> float:
        """Reserve the slots, or raise ``Throttled``; return the seconds to slow down by."""
        if not self.enabled:
            return 0.0
        store = counters()
        if store.get(self._key("known", self.username, self.address)) == 0:
            self._reserve(store, self._key("ip", self.address), "LOGIN_LIMIT_PER_IP")
        self._reserve(
            store, self._key("pair", self.username, self.address), "LOGIN_LIMIT_PER_ACCOUNT"
        )
        return self._slowdown(store.get(self._key("account", self.username)))

    def _reserve(self, store, key: str, setting: str) -> None:
        limit, window = _limit(setting)
        count = store.reserve(key, limit, window)
        if count < 0:
            self.aborted()
            raise Throttled(-count)
        self.held.append(key)

    def _slowdown(self, failures: int) -> float:
        config = current_app.config
        after = int(config.get("LOGIN_SLOWDOWN_AFTER", 5))
        if failures < after:
            return 0.0
        step = float(config.get("LOGIN_SLOWDOWN_SECONDS", 1.0))
        return min(
            float(config.get("LOGIN_SLOWDOWN_MAX_SECONDS", 5.0)), step * (failures - after + 1)
        )

    def failed(self) -> None:
        if self.enabled:
            _, window = _limit("LOGIN_LIMIT_PER_ACCOUNT")
            counters().add(self._key("account", self.username), window)
        self.held = []

    def succeeded(self) -> None:
        if self.enabled:
            days = int(current_app.config.get("LOGIN_KNOWN_DAYS", 30))
            counters().mark(self._key("known", self.username, self.address), days * 86400)
        self.aborted()

    def aborted(self) -> None:
        """Give the slots back: the attempt checked no password, or ended in an error."""
        if self.held:
            store = counters()
            for key in self.held:
                store.release(key)
        self.held = []
