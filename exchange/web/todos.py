"""The to-do registry: each feature registers what waits for a user's action.

A to-do (待办) is never stored: it is what the records say now, so it disappears the
moment someone acts on it, and a change that rolled back never produced one. A
feature registers ``add(name, loader)``; ``loader(user)`` returns that user's
:class:`Todo` items (an empty list for users it does not concern), using the policy's
scopes. Their ``key`` is stable, so delivery sends each once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Todo:
    key: str  # stable: "leave:12:step:1"
    kind: Any  # a short label: "Leave to approve"
    title: str  # what, whose: "张想 · 2026-09-07 – 2026-09-11"
    link: str  # a path to the record
    since: date | None = None  # when it began to wait
    due: date | None = None  # when it is due (late when past)

    def is_late(self, today: date) -> bool:
        return self.due is not None and self.due < today


_LOADERS: dict[str, Callable[..., list[Todo]]] = {}
_COUNTERS: dict[str, Callable[[Any], int]] = {}
_OLDEST: set[str] = set()


def add(
    name: str,
    loader: Callable[..., list[Todo]],
    count: Callable[[Any], int] | None = None,
    oldest: bool = False,
) -> None:
    """Register ``loader`` under ``name`` (once; a second registration replaces it).

    ``count(user)``, when given, says how many items ``loader(user)`` would return without
    building them: the bell on every page asks only how many (a leader's reports awaiting
    a 批示 are thousands in a region), the inbox page asks for the items.

    ``oldest=True``: ``loader(user, oldest=n)`` returns at least the first ``n`` of its
    items in the inbox's order (``inbox_order``), and every item it leaves out comes after
    every item it returns: the inbox lists the oldest few hundred of what may be
    thousands (an HR officer's talks and sheets due), and building every item was most of
    its time."""
    _LOADERS[name] = loader
    if count is not None:
        _COUNTERS[name] = count
    else:
        _COUNTERS.pop(name, None)
    if oldest:
        _OLDEST.add(name)
    else:
        _OLDEST.discard(name)


def inbox_order(todo: Todo) -> tuple:
    """The inbox's order: the earliest due (or waiting since) first, then by key."""
    return (todo.due or todo.since or date.max, todo.key)


def todo_count(user) -> int:
    """How many things wait for ``user``: ``len(todos_for(user))``, counted."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return sum(
        _COUNTERS[name](user) if name in _COUNTERS else len(loader(user))
        for name, loader in _LOADERS.items()
    )


def todos_for(user, oldest: int | None = None) -> list[Todo]:
    """Everything waiting for ``user``, oldest first (``oldest``: only the oldest so many)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items: list[Todo] = []
    for name, loader in _LOADERS.items():
        if oldest is not None and name in _OLDEST:
            items.extend(loader(user, oldest=oldest))
        else:
            items.extend(loader(user))
    items.sort(key=inbox_order)
    return items if oldest is None else items[:oldest]
