"""Statement counting and the N+1 guard shared by every test (see tests/conftest.py).

``count_queries`` (a fixture) collects the SQL statements a block runs, without the
savepoint bookkeeping of the test transaction. The N+1 guard watches every request the
test client makes: when one relationship of one class is lazy-loaded
``LAZY_LOAD_LIMIT`` times or more within a single request, the request fails with
:class:`LazyLoadError`, so a list page that loads rows one by one is a failing test,
not a slow page. A page that needs a relationship on every row must load it eagerly.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.orm import ORMExecuteState, Session

#: A relationship lazy-loaded this many times in one request is an N+1.
LAZY_LOAD_LIMIT = 3

_BOOKKEEPING = ("SAVEPOINT", "RELEASE", "ROLLBACK")

#: N+1s seen during the current test (tests/conftest.py fails the test on any).
RAISED: list[AssertionError] = []


class LazyLoadError(AssertionError):
    """A relationship was lazy-loaded row by row within one request."""


class StatementLog(list):
    """The statements run inside a ``count_queries()`` block (a list of SQL strings)."""

    @property
    def statements(self) -> list[str]:
        return list(self)

    def __call__(self, conn, cursor, statement, *args) -> None:
        if not statement.lstrip().upper().startswith(_BOOKKEEPING):
            self.append(statement)


@contextmanager
def counting(engine):
    log = StatementLog()
    sa.event.listen(engine, "before_cursor_execute", log)
    try:
        yield log
    finally:
        sa.event.remove(engine, "before_cursor_execute", log)


def _guard_lazy_loads(state: ORMExecuteState) -> None:
    if not (state.is_relationship_load and has_request_context()):
        return
    seen = g.get("_lazy_loads")
    if seen is None or state.lazy_loaded_from is None or state.loader_strategy_path is None:
        return  # not inside a request dispatched by the app (a service test's context)
    prop = state.loader_strategy_path[-1]
    key = f"{prop.parent.class_.__name__}.{prop.key}"
    seen[key] += 1
    if seen[key] >= LAZY_LOAD_LIMIT:
        error = LazyLoadError(
            f"N+1: {key} was lazy-loaded {seen[key]} times in one request; load it eagerly"
        )
        RAISED.append(error)  # the app's error page may swallow it; the test will not
        raise error


def install_lazy_load_guard(app) -> None:
    """Watch every request ``app`` dispatches for N+1 lazy loads."""
    if not sa.event.contains(Session, "do_orm_execute", _guard_lazy_loads):
        sa.event.listen(Session, "do_orm_execute", _guard_lazy_loads)

    @app.before_request
    def _start_counting() -> None:
        g._lazy_loads = Counter()
