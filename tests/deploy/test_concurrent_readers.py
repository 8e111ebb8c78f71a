"""Reading never takes SQLite's write lock: a running export and twenty readers, served
by two gunicorn worker processes, never wait on each other.

Each transaction used to begin with BEGIN IMMEDIATE, the write lock, reads included:
while one worker streamed an export, every page of the other worker queued behind it and,
past the 15 s busy timeout, answered "database is locked". Here the export is held open in
mid-stream (its reader stops reading, so its worker sits inside its transaction) while
twenty readers fetch pages from both workers.
"""

import http.client
import time

import pytest

from bench import fill
from tests.deploy.gunicorn import serving
from tests.security.http import HttpSession, run_concurrently

pytestmark = pytest.mark.slow

ROWS = 30_000
READERS = 20
PAGES = ("/roster", "/dashboard", "/reports", "/roster?q=zx", "/roster?as_of=2020-01-01")


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("readers")
    url = f"sqlite:///{tmp / 'readers.db'}"
    fill.build(url, rows=ROWS)
    with serving(url, tmp, WEB_CONCURRENCY="2", THREADS="4") as served:
        yield served


def test_readers_and_a_running_export_never_wait_on_each_other(two_workers):
    base, port, log_path = two_workers
    session = HttpSession(base)
    assert session.login("leader", fill.PASSWORD).status == 302
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())

    export = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        export.request("GET", "/roster/export.csv", headers={"Cookie": cookie})
        response = export.getresponse()
        assert response.status == 200
        received = len(response.read(1 << 16))  # then it stops reading: the export waits

        def read(i):
            reader = HttpSession(base)
            reader.cookies = dict(session.cookies)
            started = time.monotonic()
            reply = reader.get(PAGES[i % len(PAGES)])
            return reply.status, time.monotonic() - started, reply.text

        results = run_concurrently(READERS, read)
        while chunk := response.read(1 << 16):
            received += len(chunk)
    finally:
        export.close()

    failures = [r for r in results if isinstance(r, Exception) or r[0] != 200]
    assert not failures, [r if isinstance(r, Exception) else r[:2] for r in failures]
    assert all("database is locked" not in text for _status, _s, text in results)
    slowest = max(seconds for _status, seconds, _text in results)
    assert slowest < 10, f"a reader waited {slowest:.1f} s"  # the busy timeout is 15 s
    assert received > ROWS * 50  # the whole export arrived after the readers
    assert "locked" not in log_path.read_text()
