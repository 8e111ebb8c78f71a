"""Bulk inserts of plain tuples on the session's connection: executemany or COPY.

Rows are tuples in the order of the columns named for the table; ids are the caller's.
Each value passes through its column type's bind processor (the one SQLAlchemy itself
would apply: dates as text on SQLite, timestamps as naive UTC), so the stored values
are exactly what the app writes. The big tables skip that step (a Python call per
value is a good part of the time): their rows are made ``prepared`` with
:class:`Stamps`, which writes dates, moments and numbers the same way directly. SQLite
takes the rows with one ``executemany`` per batch; PostgreSQL with ``COPY ... FROM
STDIN`` on the same connection and transaction, several times faster than INSERT.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from exchange.extensions import db

BATCH = 20_000
#: The districts' offset from UTC: Asia/Shanghai (``exchange.clock.TZ``) has kept +08:00
#: since 1991.
OFFSET = timedelta(hours=8)

Progress = Callable[[str, int], None]


class Stamps:
    """Values as the connection stores them, made directly (the rows are ``prepared``).

    The same as the column types' processors give: on SQLite a date is its ISO text, a
    moment naive UTC text with microseconds, a number a float; on PostgreSQL a date is a
    date, a moment a naive UTC datetime, a number a Decimal.
    """

    def __init__(self, dialect_name: str):
        self.text = dialect_name == "sqlite"
        self._hours: dict[tuple[date, int], object] = {}  # the hours met so far, in UTC

    def day(self, value: date | None):
        return value.isoformat() if self.text and value is not None else value

    def at(self, day: date, hour: int = 10, minute: int = 0):
        """``hour``:``minute`` of ``day`` in the districts' time zone."""
        start = self._hours.get((day, hour))
        if start is None:
            moment = datetime(day.year, day.month, day.day, hour) - OFFSET
            start = f"{moment:%Y-%m-%d %H}" if self.text else moment
            self._hours[(day, hour)] = start
        if isinstance(start, str):
            return f"{start}:{minute:02d}:00.000000"
        return start.replace(minute=minute)  # type: ignore[attr-defined]

    def number(self, value: Decimal):
        return float(value) if self.text else value


class MissingColumns(RuntimeError):
    """The generator does not fill a column the table requires (a newer migration)."""


def _required(table: sa.Table) -> set[str]:
    return {
        column.name
        for column in table.columns
        if not column.nullable and column.server_default is None and not column.primary_key
    }


class BulkWriter:
    """Writes rows table by table and counts them; ``progress(table, rows)`` after each batch."""

    def __init__(self, connection: sa.Connection, progress: Progress | None = None):
        self.connection = connection
        self.dialect = connection.dialect
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self.stamps = Stamps(self.dialect.name)
        self._processors: dict[tuple[str, tuple[str, ...]], list] = {}

    @property
    def postgresql(self) -> bool:
        return self.dialect.name == "postgresql"

    def _processors_for(self, table: sa.Table, columns: tuple[str, ...]) -> list:
        key = (table.name, columns)
        if key not in self._processors:
            missing = _required(table) - set(columns)
            if missing:
                raise MissingColumns(f"{table.name}: no values for {', '.join(sorted(missing))}")
            self._processors[key] = [
                (i, processor)
                for i, name in enumerate(columns)
                if (
                    processor := table.c[name]
                    .type.dialect_impl(self.dialect)
                    .bind_processor(self.dialect)
                )
                is not None
            ]
        return self._processors[key]

    def insert(
        self,
        table_name: str,
        columns: Sequence[str],
        rows: Iterable[tuple],
        *,
        prepared: bool = False,
    ) -> None:
        """Insert ``rows`` (tuples in the order of ``columns``) in batches; ``prepared``
        rows were made with :attr:`stamps` and are written as they are."""
        table = db.metadata.tables[table_name]
        names = tuple(columns)
        processors = self._processors_for(table, names)
        if prepared:
            processors = []
        batch: list[tuple] = []
        for row in rows:
            if processors:
                values = list(row)
                for i, processor in processors:
                    values[i] = processor(values[i])
                row = tuple(values)
            batch.append(row)
            if len(batch) >= BATCH:
                self._write(table, names, batch)
                batch = []
        if batch:
            self._write(table, names, batch)

    def _write(self, table: sa.Table, columns: tuple[str, ...], batch: list[tuple]) -> None:
        quote = self.dialect.identifier_preparer.quote
        names = ", ".join(quote(c) for c in columns)
        if self.postgresql:
            raw = self.connection.connection.driver_connection
            sql = f"COPY {quote(table.name)} ({names}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
                for row in batch:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            self.connection.exec_driver_sql(
                f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", batch
            )
        self.counts[table.name] += len(batch)
        if self.progress is not None:
            self.progress(table.name, len(batch))

    @contextmanager
    def foreign_keys_checked_at_end(self, table_names: Iterable[str]) -> Iterator[None]:
        """PostgreSQL: drop the tables' foreign keys while loading, add them back after.

        A foreign key checks (and locks) the referenced row for every row COPY writes;
        added back, each is checked once over the whole table, which is many times
        faster. Everything happens in the caller's transaction: if a row broke a key,
        adding it back fails and nothing is kept.
        """
        if not self.postgresql:
            yield
            return
        dropped = []
        for name in table_names:
            quoted = self.dialect.identifier_preparer.quote(name)
            found = self.connection.execute(
                sa.text(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = CAST(:table AS regclass) AND contype = 'f'"
                ),
                {"table": quoted},
            ).all()
            for constraint, definition in found:
                self.connection.exec_driver_sql(
                    f'ALTER TABLE {quoted} DROP CONSTRAINT "{constraint}"'
                )
                dropped.append((quoted, constraint, definition))
        yield
        for quoted, constraint, definition in dropped:
            self.connection.exec_driver_sql(
                f'ALTER TABLE {quoted} ADD CONSTRAINT "{constraint}" {definition}'
            )

    def fix_sequences(self) -> None:
        """PostgreSQL: move each written table's id sequence past the ids given here."""
        if not self.postgresql:
            return
        for name in self.counts:
            if "id" not in db.metadata.tables[name].c:
                continue
            self.connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT max(id) FROM {self.dialect.identifier_preparer.quote(name)}))"
            )
