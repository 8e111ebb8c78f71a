"""Declarative base with a constraint naming convention, and shared column types."""

import re
import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (used as a column default, called per row)."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored as naive UTC and always returned timezone-aware.

    SQLite has no time zones, so values are normalised on the way in and out; the
    same column then behaves alike on SQLite and PostgreSQL.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


#: Statements psycopg keeps prepared on a PostgreSQL connection (its default is 100). It
#: also counts the runs of at most this many statements on their way to being prepared
#: (at the fifth); the app's pages send some 200 different ones, so with 100 a statement
#: was forgotten before it came round again and none stayed prepared.
PREPARED_MAX = 1000


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """WAL, foreign keys and a busy timeout on every SQLite connection (and on PostgreSQL,
    how many statements psycopg keeps prepared).

    The driver's own transaction handling is switched off so that SQLAlchemy's
    ``begin`` below decides when a transaction starts (savepoints then work too).
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        if hasattr(dbapi_connection, "prepared_max"):  # psycopg
            dbapi_connection.prepared_max = PREPARED_MAX
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


#: Requests with these methods only read, unless they say otherwise (:func:`will_write`).
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _only_reads() -> bool:
    return has_request_context() and request.method in READING_METHODS and not g.get("will_write")


@event.listens_for(Engine, "begin")
def _begin(conn):
    """On SQLite, a request that only reads takes no lock; every other transaction takes the
    write lock when it starts, not half-way through it. On PostgreSQL, the transaction
    starts with nothing sent yet (:func:`end_reading`).

    With WAL, readers see a snapshot and never wait for a writer, so a page or a long
    export never queues behind another request's write, and a write never waits for them.
    A deferred transaction that reads and then writes fails at once with "database is
    locked" when another writer got in between; an immediate one waits its turn (busy
    timeout) instead — so every POST, every command and every reading request that is
    about to write (:func:`will_write`) begins immediately.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN" if _only_reads() else "BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.info[_WROTE] = False


# PostgreSQL: what a transaction sent, so that one that only read can end with COMMIT.
_WROTE = "transaction_may_have_written"
_READING = re.compile(r"\s*(?:SELECT\b|SET LOCAL\b|SHOW\b)", re.IGNORECASE)
_IN_TRANSACTION = 2  # psycopg.pq.TransactionStatus.INTRANS: open, no error


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(conn, cursor, statement, parameters, context, executemany):
    """Mark a PostgreSQL transaction that sent anything but a SELECT (or SET LOCAL, SHOW)."""
    if conn.dialect.name == "postgresql" and (
        executemany or not _READING.match(statement) or _writes_in(context)
    ):
        conn.info[_WROTE] = True


def _writes_in(context) -> bool:
    return bool(context is not None and (context.isinsert or context.isupdate or context.isdelete))


def end_reading(error: BaseException | None = None) -> None:
    """At a request's end, a PostgreSQL transaction that only read ends with COMMIT.

    Its effect is ROLLBACK's (it wrote nothing), but psycopg forgets every prepared
    statement of the connection on ROLLBACK (a rolled-back transaction may have dropped
    what they refer to): with COMMIT, a page's statements, once prepared, are not planned
    again on each request (the planning of a posting page's joins was 2 ms of its 3 ms of
    SQL). Anything else (an error, a failed transaction, changes in the session, a
    statement that may have written) is left to the session's removal, which rolls back.
    """
    if error is not None:
        return
    sessions = current_app.extensions["sqlalchemy"].session
    if not sessions.registry.has():
        return
    session = sessions()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    if session.get_bind().dialect.name != "postgresql":
        return
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.info.get(_WROTE, True) is False and (
        driver.info.transaction_status == _IN_TRANSACTION
    ):
        # Nothing is reloaded: the session is removed next, and what it loaded stays as it
        # was read (a streamed export goes on using the user it loaded, as after ROLLBACK).
        session.expire_on_commit = False
        try:
            session.commit()
        except sa.exc.SQLAlchemyError:  # a lost connection: it read only, nothing is lost
            current_app.logger.warning("ending a read-only transaction failed", exc_info=True)
            session.rollback()


def will_write() -> None:
    """Called by a reading request (GET) before it writes — a download's audit event: end
    its read-only transaction, so that the write begins a transaction of its own that
    takes the write lock first. Objects loaded so far are reloaded when next used."""
    if not has_request_context() or g.get("will_write"):
        return
    g.will_write = True
    session = current_app.extensions["sqlalchemy"].session()
    if session.in_transaction() and session.get_bind().dialect.name == "sqlite":
        session.commit()


def written(value: str | int) -> sa.BindParameter:
    """A constant of a statement (a status, a side, a page's LIMIT) written into its text,
    not sent as a parameter.

    PostgreSQL plans a prepared statement once for all its parameters only when that plan
    is no worse than one made for the values at hand. With a rare status as a parameter
    the plan for the values looked better, so a statement run on every page (the bell's
    count of leave to decide) was planned anew on every request: 0.3–0.5 ms, as long as
    running it. A LIMIT sent as a parameter is planned as if it might read a tenth of the
    table, so the roster's page of 51 rows was planned anew on every request too (2–4 ms
    with its joins in the written order, 25–45 ms without); written, it is planned once
    per connection. Only for the app's own constants, never for what a user typed."""
    kind = sa.Integer() if isinstance(value, int) else sa.String()
    return sa.bindparam(None, value, type_=kind, literal_execute=True)


@contextmanager
def joins_as_written(session, when: bool = True):
    """Within the block, PostgreSQL joins the tables in the order the query names them.

    PostgreSQL plans a query by weighing the orders its joins could run in: for the
    roster's seven tables that took 15–22 ms, against 1–2 ms to run the plan it chose
    (a list of 100,000 postings). A page's query that starts from the table it filters and
    orders, and reaches every other table by its primary key, loses nothing by running in
    the order written, so the planner is told not to search (``join_collapse_limit``, for
    this transaction and only until the block ends). SQLite plans such a query in
    microseconds; there the block does nothing. ``when=False`` leaves the planner free:
    for a query narrowed by a subquery on other tables (the roster's search), which the
    written order would test last, after joining every row.
    """
    if not when or session.get_bind().dialect.name != "postgresql":
        yield
        return
    session.execute(sa.text("SET LOCAL join_collapse_limit = 1"))
    try:
        yield
    finally:
        session.execute(sa.text("SET LOCAL join_collapse_limit TO DEFAULT"))


def add_to_counts(connection, table: sa.Table, keys: list[str], rows: list[dict]) -> None:
    """Add each row's counts (its columns other than ``keys``) to the row of ``table`` with
    its keys, inserting the rows missing: one upsert (``INSERT … ON CONFLICT DO UPDATE``,
    both SQLite and PostgreSQL), in key order, so that two transactions lock the rows
    they share in the same order and never overwrite each other's additions. For the
    summary tables the services keep in the same transaction (``exchange.reports.gaps``,
    ``exchange.postings.tally``)."""
    if not rows:
        return
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    counted = [name for name in rows[0] if name not in keys]
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[name] for name in keys],
        set_={name: table.c[name] + stmt.excluded[name] for name in counted},
    )
    connection.execute(stmt, sorted(rows, key=lambda row: tuple(row[name] for name in keys)))


def built_once_a_day(build):
    """``build(user)``, a statement that depends only on the user's role and district and
    on today, built once for each of them a day and then reused.

    The bell counts an HR officer's to-dos on every page. Building each count's statement
    and working out its cache key cost as much as running it (the talks due: 2 of 4 ms), so
    each is kept for the day, for every user of the same role and district. The builder
    must read nothing else of the user. Only a handful of (role, district) pairs exist, so
    the kept statements are few; all are dropped when the day changes."""
    from exchange import clock

    kept: dict[tuple, object] = {}
    day: list = [None]

    def statement(user):
        today = clock.today()
        if day[0] != today:
            kept.clear()
            day[0] = today
        key = (user.role, user.district_id)
        if (found := kept.get(key)) is None:
            found = kept[key] = build(user)
        return found

    return statement


def plain_batches(connection: sa.Connection, stmt: sa.Select, batch_size: int):
    """The rows of ``stmt`` in batches of the driver's own tuples, for a reader of many
    rows that unpacks each row once; its dates as the driver gives them: convert each with
    ``driver_day(connection)`` when that is not None.

    SQLAlchemy makes a ``Row`` of each row read and runs its values through their types'
    converters one by one; an export of 100,000 rows of 15 columns spent as long there as
    SQLite took to read them. On SQLite this reads the driver's cursor itself (SQLAlchemy
    reads it no further ahead than asked there); the reader converts the dates (SQLite
    holds them as text) as it unpacks the row, which costs a fifth of converting them
    column by column. On PostgreSQL the rows come from a server-side cursor, which
    SQLAlchemy reads ahead of its caller, so they are read through it, already converted.
    A statement with a column that needs another conversion on this database is refused.
    tests/test_plain_batches.py compares the values with SQLAlchemy's rows."""
    dialect = connection.dialect
    if dialect.name != "sqlite":
        result = connection.execute(stmt.execution_options(yield_per=batch_size))
        yield from result.partitions()
        return
    for column in stmt.selected_columns:
        if column.type.dialect_impl(dialect).result_processor(dialect, None) not in (
            None,
            _sqlite_day,
        ):
            raise TypeError(f"{column} needs a conversion plain_batches does not make")
    result = connection.execute(stmt)
    cursor = result.cursor
    try:
        while batch := cursor.fetchmany(batch_size):
            yield batch
    finally:
        result.close()


def _sqlite_day_converter():
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    return sa.Date().dialect_impl(dialect).result_processor(dialect, None)


_sqlite_day = _sqlite_day_converter()


def driver_day(connection: sa.Connection):
    """What turns a date column's value from ``plain_batches`` into a date: SQLAlchemy's
    own converter on SQLite (``date.fromisoformat``), None where the driver gives dates."""
    return _sqlite_day if connection.dialect.name == "sqlite" else None
