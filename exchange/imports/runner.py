"""Running an import: every row through the services, as the forms call them.

The preview and the real import are the same run. A preview wraps it in a savepoint
that is rolled back, so every rule — including those between rows of the same file,
such as two rows that overlap or fill a quota together — is checked exactly as the
import will check it, and nothing stays written. The real import runs in the request's
(or the command's) transaction and is refused whole if a single row has a problem.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from exchange.errors_domain import DomainError
from exchange.extensions import db
from exchange.imports.reader import Column, Layout, Table
from exchange.imports.values import Cells

CREATE, UPDATE, SKIP, PROBLEM = "create", "update", "skip", "problem"


@dataclass
class RowResult:
    number: int  # the row's number in the spreadsheet
    label: str  # who or what the row is about
    action: str  # create / update / skip / problem
    detail: str = ""
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (column, code, message)

    def as_json(self) -> dict:
        return {
            "n": self.number,
            "label": self.label,
            "action": self.action,
            "detail": self.detail,
            "problems": [list(p) for p in self.problems],
        }


@dataclass
class Outcome:
    rows: list[RowResult]

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.action for row in self.rows)
        return {action: counts.get(action, 0) for action in (CREATE, UPDATE, SKIP, PROBLEM)}

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(row.action == PROBLEM for row in self.rows)


class Importer:
    """One kind of import: its columns, and how one row becomes service calls."""

    kind: str = ""
    columns: list[Column] = []
    # A service reason's field -> the column it concerns.
    fields: dict[str, str] = {}
    # Where the rows come from, for the records that keep it ("import #12 名单.xlsx").
    source: str = ""

    def __init__(self, actor, layout: Layout):
        self.actor = actor
        self.layout = layout
        self.seen: dict[Any, int] = {}  # a row's identity -> the first row that had it

    @classmethod
    def extra_header(cls, header: str) -> Any:
        """The dynamic column a header stands for (year columns), or None."""
        return None

    @classmethod
    def template_columns(cls) -> list[Column]:
        """The columns of the downloadable template."""
        return cls.columns

    def label(self, values: dict) -> str:
        return str(values.get("name") or "")

    def import_row(self, number: int, cells: Cells, extras: dict) -> tuple[str, str]:
        """Check and write one row through the services; return (action, detail) or raise."""
        raise NotImplementedError

    def prepare(self, rows: list) -> None:
        """Before a group of rows is imported: load what they name, in one go."""

    def finish(self) -> None:
        """After the last row: write what the importer kept back (batched proposals)."""

    def header(self, key: str | None) -> str:
        """The file's header of the column a field concerns (the template's, if the file has none)."""
        if key is None:
            return ""
        column = self.fields.get(key, key)
        if column in self.layout.keys:
            return self.layout.header_of(column)
        return next((c.zh for c in self.columns if c.key == column), column)


CHUNK = 500  # rows read ahead, so the importer can load what they name in one go


def _prepared(importer: Importer, rows: Iterator) -> Iterator:
    """The rows, each group of ``CHUNK`` first shown to ``importer.prepare``."""
    while chunk := list(islice(rows, CHUNK)):
        importer.prepare(chunk)
        yield from chunk


def run(importer: Importer, table: Table, progress: Callable[[int], None] | None = None) -> Outcome:
    """Import every row of ``table``; rows with problems are rolled back and reported."""
    results = []
    for number, values, extras in _prepared(importer, table.rows):
        cells = Cells(values, importer.header)
        try:
            # The services flush what they write; what is left pending (the previous row's
            # audit event) can wait for that flush instead of costing one of its own.
            with db.session.no_autoflush:
                action, detail = importer.import_row(number, cells, extras)
        except DomainError as error:
            problems = [(importer.header(r.field), r.code, str(r.message)) for r in error.reasons]
            results.append(RowResult(number, importer.label(values), PROBLEM, "", problems))
        else:
            results.append(RowResult(number, importer.label(values), action, detail))
        if progress is not None:
            progress(1)
    with db.session.no_autoflush:
        importer.finish()
    db.session.flush()
    return Outcome(results)


def preview(
    importer: Importer, table: Table, progress: Callable[[int], None] | None = None
) -> Outcome:
    """The import as it would happen, rolled back: what each row would do, or why it cannot."""
    outer = db.session.begin_nested()
    try:
        return run(importer, table, progress)
    finally:
        outer.rollback()
