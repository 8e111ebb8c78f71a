"""Timings inside the benchmark's process, through the Flask test client.

Every case is timed in rounds that go round-robin over all cases (never one case twenty
times in a row, so that a slow minute of a shared machine falls on every case alike),
after a warm-up request. A case whose warm-up shows it is slow gets only as many rounds
as fit in the page budget (one at least), so that a page taking seconds cannot make the
run last an hour; the table says how many rounds each median is of.
"""

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from bench import procmem

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class BenchError(RuntimeError):
    """The application did not answer as the benchmark expects (status, page shape)."""


@dataclass
class Case:
    """One thing timed: a request (``run`` does it once) and what is known about it."""

    name: str
    run: Callable[[], object]
    path: str = ""
    statements: list[tuple] = field(default_factory=list)
    samples: list[float] = field(default_factory=list)
    rounds: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def login(client, username: str, password: str) -> None:
    """Log in as a person would: the form's CSRF token, then the POST."""
    page = client.get("/login").get_data(as_text=True)
    token = CSRF.search(page)
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    response = client.post("/login", data=data)
    if response.status_code != 302:
        raise BenchError(f"logging in as {username!r} failed ({response.status_code})")


def get(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    body = response.get_data(as_text=True)
    response.close()
    if response.status_code != status:
        raise BenchError(f"GET {path} answered {response.status_code}, not {status}")
    return body


def page(client, path: str) -> Callable[[], object]:
    """One full request for ``path``: the whole body read, the status checked."""

    def run():
        response = client.get(path)
        response.get_data()
        response.close()
        if response.status_code != 200:
            raise BenchError(f"GET {path} answered {response.status_code}")

    return run


class Recorder:
    """The statements the engine sends while ``recording`` (a before_cursor_execute hook)."""

    def __init__(self, engine):
        self.engine = engine
        self.recording = False
        self.statements: list[tuple] = []
        sa.event.listen(engine, "before_cursor_execute", self._hook)

    def _hook(self, conn, cursor, statement, parameters, context, executemany):
        if self.recording:
            self.statements.append((statement, parameters, executemany))

    def record(self, run: Callable[[], object]) -> list[tuple]:
        self.statements, self.recording = [], True
        try:
            run()
        finally:
            self.recording = False
        return self.statements

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._hook)


def replay(raw_connection, statements: list[tuple]) -> Callable[[], object]:
    """The floor of the database work: the page's own statements sent straight through
    the driver (no ORM, no rows turned into objects), every row fetched, rolled back."""

    def run():
        cursor = raw_connection.cursor()
        for statement, parameters, many in statements:
            if many:
                cursor.executemany(statement, parameters)
            else:
                cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        cursor.close()
        raw_connection.rollback()

    return run


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def warm_up(cases: list[Case], rounds: int, budget: float, recorder: Recorder | None) -> None:
    """Run each case once (recording its statements if asked) and choose its rounds."""
    for case in cases:
        if recorder is not None and case.path:
            started = time.perf_counter()
            case.statements = recorder.record(case.run)
            seconds = time.perf_counter() - started
        else:
            seconds = timed(case.run)
        if seconds < 0.5:
            seconds = timed(case.run)  # the first request compiled templates and filled caches
        case.rounds = max(1, min(rounds, int(budget / max(seconds, 1e-6))))


def interleave(cases: list[Case], progress: Callable[[str], None] | None = None) -> None:
    """Round-robin: each round runs every case that still wants samples, starting one
    further along each time so that no case always follows the same one."""
    most = max((case.rounds for case in cases), default=0)
    for number in range(most):
        shift = number % max(len(cases), 1)
        for case in cases[shift:] + cases[:shift]:
            if len(case.samples) < case.rounds:
                case.samples.append(timed(case.run))
        if progress and (number + 1) % 5 == 0:
            progress(f"round {number + 1}/{most}")


@dataclass
class Download:
    """One streamed download: seconds to the first body byte and to the last, bytes, and
    how far the measured process's resident memory rose meanwhile."""

    seconds: float
    first_byte: float
    size: int
    memory: int


def download(client, path: str, keep: list[bytes] | None = None) -> Download:
    """A streamed response read chunk by chunk, as a WSGI server would send it (and kept
    in ``keep`` if given)."""
    growth = procmem.Growth()
    started = time.perf_counter()
    response = client.get(path, buffered=False)
    if response.status_code != 200:
        raise BenchError(f"GET {path} answered {response.status_code}")
    chunks = iter(response.response)
    first_byte, size = None, 0
    for chunk in chunks:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(chunk)
        if keep is not None:
            keep.append(chunk)
    response.close()
    seconds = time.perf_counter() - started
    return Download(seconds, first_byte or seconds, size, growth.bytes())
