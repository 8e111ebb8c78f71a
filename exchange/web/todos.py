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


_LOADERS: dict[str, Callable[[Any], list[Todo]]] = {}


def add(name: str, loader: Callable[[Any], list[Todo]]) -> None:
    """Register ``loader`` under ``name`` (once; a second registration replaces it)."""
    _LOADERS[name] = loader


def todos_for(user) -> list[Todo]:
    """Everything waiting for ``user``, oldest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items: list[Todo] = []
    for loader in _LOADERS.values():
        items.extend(loader(user))
    return sorted(items, key=lambda t: (t.due or t.since or date.max, t.key))
