"""Counting and paging long lists without reading them whole.

A list page must cost the same at a thousand rows and at a million: it reads one page by
keyset (the rows after the last one shown, through an index) and never counts every
matching row on every request. ``capped_count`` counts at most ``COUNT_CAP`` + 1 rows, so a
page says "1,000+ 条" when there are more; the exact figure is computed only when the user
asks for it (``?count=exact``, ``wants_exact_count``).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, request

COUNT_CAP = 1000


@dataclass(frozen=True)
class Total:
    """How many rows match: ``value`` exactly, or at least ``value`` when ``capped``."""

    value: int
    capped: bool = False

    @property
    def exact(self) -> bool:
        return not self.capped

    def pages(self, page_size: int) -> int | None:
        """The number of pages, when the total is known exactly."""
        return None if self.capped else max(-(-self.value // page_size), 1)


def wants_exact_count() -> bool:
    """The user asked for the exact figure ("显示确切数目")."""
    return request.args.get("count") == "exact"


def count_cap() -> int:
    """The cap: ``COUNT_CAP``, or the app's ``LIST_COUNT_CAP`` (tests set a small one)."""
    return current_app.config.get("LIST_COUNT_CAP", COUNT_CAP)


def capped_count(session, stmt, *, exact: bool = False, cap: int | None = None) -> Total:
    """The number of rows ``stmt`` selects, reading at most ``cap`` + 1 of them unless
    ``exact``. ``stmt`` is a SELECT of the list's rows; its ORDER BY is dropped."""
    cap = count_cap() if cap is None else cap
    inner = stmt.with_only_columns(sa.literal_column("1"), maintain_column_froms=True)
    inner = inner.order_by(None)
    if not exact:
        inner = inner.limit(cap + 1)
    counted = session.scalar(sa.select(sa.func.count()).select_from(inner.subquery()))
    if not exact and counted > cap:
        return Total(cap, capped=True)
    return Total(counted)
