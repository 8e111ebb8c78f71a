"""The benchmark's databases: built once by the data generator, cached, and kept apart.

A database is named by what it holds: the generator's scale and seed, the day it was
generated for (the app's ``TODAY``: the generator makes statuses "as of today", so the
benchmark pins the day and the same seed gives the same data whenever it runs), the
schema's migrations and a hash of the generator's source. A second run finds it and does
not generate again; a change of any of these builds a new one. Every account the
generator makes has the password ``PASSWORD`` (given to it as ``DEMO_PASSWORD``).

SQLite: a file in ``bench/.cache/``, generated under a temporary name and renamed when
complete, so an interrupted build leaves nothing that looks finished.

PostgreSQL (``BENCH_DATABASE_URL``): the benchmark never works in a database that was not
made for it. The URL's database name must start with ``bench``; the benchmark creates its
own databases beside it, ``<that name>_s1_seed1_<revision>_<hash>``, marks each with a
comment (``COMMENT ON DATABASE``) and drops or rebuilds only databases that carry its mark.
Anything else is refused before a single statement reaches the server.
"""

import hashlib
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
PREFIX = "bench"
MARK = "exchange make bench:"
PASSWORD = "Shuangcheng2020"  # the demo's, so that a person can log in to look around


class Refused(RuntimeError):
    """The benchmark will not use this database; the message says why. Nothing was touched."""


@dataclass(frozen=True)
class Target:
    """One benchmark database: where it is and what it holds."""

    kind: str  # "sqlite" or "postgresql"
    url: str
    scale: float
    seed: int
    today: str  # ISO date: the app's TODAY when it was generated and when it is measured
    key: str

    @property
    def label(self) -> str:
        return f"{self.kind} scale {scale_text(self.scale)}"


def scale_text(scale: float) -> str:
    """0.1 → "0.1", 1.0 → "1", 10.0 → "10"."""
    return f"{scale:g}"


def schema_revision() -> str:
    """Ten hex digits of the migrations (every file of migrations/versions): a new or
    changed migration is a new schema. (Alembic's own head cannot be read without running
    the migration modules, which need a live migration context.)"""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def generator_hash() -> str:
    """Eight hex digits of the generator's source (every module of it): a changed
    generator builds anew."""
    from exchange.ops import benchdata

    main = Path(benchdata.__file__ or "")
    files = sorted(main.parent.glob("*.py")) if main.name == "__init__.py" else [main]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def cache_key(scale: float, seed: int, today: str) -> str:
    slug = scale_text(scale).replace(".", "_")
    day = today.replace("-", "")
    return f"s{slug}_seed{seed}_d{day}_{schema_revision()}_{generator_hash()}"


# The safety rule -------------------------------------------------------------------


def is_ours(comment: str | None) -> bool:
    return bool(comment) and str(comment).startswith(MARK)


def check_prefix(name: str | None) -> str:
    """The database named in BENCH_DATABASE_URL, if the benchmark may work beside it."""
    if not name or not name.startswith(PREFIX):
        raise Refused(
            f"BENCH_DATABASE_URL names the database {name!r}. make bench works only in "
            f"databases whose name starts with {PREFIX!r} (it creates its own beside it, "
            f"e.g. bench_s1_...), never in one that may hold real data. Nothing was touched: "
            f"point BENCH_DATABASE_URL at .../{PREFIX} instead."
        )
    return name


def decide(name: str, exists: bool, comment: str | None, key: str) -> str:
    """What to do with the database ``name`` to get one holding ``key``.

    "create" (it does not exist), "reuse" (ours, complete, same key) or "rebuild" (ours,
    unfinished); anything that is not ours is refused, whatever its name.
    """
    if not name.startswith(PREFIX) and not is_ours(comment):
        raise Refused(
            f"refusing to use the PostgreSQL database {name!r}: make bench works only in a "
            f"database it created itself or one whose name starts with {PREFIX!r}. "
            "Nothing was touched."
        )
    if not exists:
        return "create"
    if comment == f"{MARK} {key} complete":
        return "reuse"
    if is_ours(comment):
        return "rebuild"
    raise Refused(
        f"the PostgreSQL database {name!r} exists and was not made by make bench "
        "(it has no bench mark): it is left as it is. Drop it yourself or choose another "
        "BENCH_DATABASE_URL. Nothing was touched."
    )


# Building ------------------------------------------------------------------------------


def _generate(target: Target, url: str) -> dict[str, int]:
    """Migrate the empty database at ``url`` and fill it with the generator (development
    configuration: password hashes as strong as production's, so no login rehashes)."""
    from flask_migrate import upgrade

    from exchange import create_app
    from exchange.extensions import db
    from exchange.ops import benchdata

    overrides = {"SQLALCHEMY_DATABASE_URI": url, "TODAY": target.today, "DEMO_PASSWORD": PASSWORD}
    app = create_app(overrides, "development")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # not one line per migration
    with app.app_context():
        upgrade()
        counts = benchdata.generate(target.scale, seed=target.seed, progress=Progress())
        db.session.commit()
        benchdata.settle(db.engine)
        db.engine.dispose()
    return counts


class Progress:
    """The generator's ``progress(table, rows)`` (rows of one batch), added up and shown
    every few seconds rather than per batch."""

    def __init__(self, every: float = 10.0):
        self.every = every
        self.last = time.monotonic()
        self.rows = 0

    def __call__(self, table: str, rows: int) -> None:
        self.rows += rows
        if time.monotonic() - self.last >= self.every:
            self.last = time.monotonic()
            print(f"    {self.rows:,} rows written (now {table})", flush=True)


def sqlite_target(scale: float, seed: int, today: str) -> Target:
    """The cached SQLite file for ``scale``, generated first if there is none."""
    key = cache_key(scale, seed, today)
    path = CACHE / f"exchange-{key}.db"
    target = Target("sqlite", f"sqlite:///{path}", scale, seed, today, key)
    if path.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"exchange-{key.split('_seed')[0]}_seed{seed}_*.db"):
        old.unlink()  # the same scale at an older schema or generator
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    print(f"  generating {target.label} (once; cached in {path.relative_to(ROOT)}) ...")
    started = time.perf_counter()
    counts = _generate(target, f"sqlite:///{partial}")
    os.replace(partial, path)
    print(f"  generated in {time.perf_counter() - started:.0f} s: {_counts(counts)}")
    return target


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {name}" for name, value in counts.items())


class Server:
    """The PostgreSQL server of BENCH_DATABASE_URL, reached through its maintenance
    database; it only lists, creates, marks and drops the benchmark's own databases."""

    def __init__(self, url: str):
        self.url = make_url(url)
        self.prefix = check_prefix(self.url.database)
        self.engine = sa.create_engine(
            self.url.set(database="postgres"), isolation_level="AUTOCOMMIT"
        )

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def databases(self) -> dict[str, str | None]:
        """Every database on the server and its comment."""
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database"
            )
            return {name: comment for name, comment in rows}

    def _run(self, sql: str) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(sql)

    def _mark(self, name: str, text: str) -> None:
        literal = text.replace("'", "''")
        self._run(f"COMMENT ON DATABASE \"{name}\" IS '{MARK} {literal}'")

    def drop(self, name: str) -> None:
        """Drop one of the benchmark's own databases (checked again here, just before)."""
        comment = self.databases().get(name)
        if not (name.startswith(PREFIX) and is_ours(comment)):
            raise Refused(f"not dropping {name!r}: it is not a database make bench made")
        self._run(f'DROP DATABASE "{name}" WITH (FORCE)')

    def fresh(self, name: str, key: str) -> str:
        """An empty database ``name`` marked as the benchmark's (replacing an older one of
        its own); returns its URL."""
        existing = self.databases()
        action = decide(name, name in existing, existing.get(name), key)
        if action != "create":
            self.drop(name)
        self._run(f'CREATE DATABASE "{name}"')
        self._mark(name, f"{key} building")
        return self.url_of(name)

    def target(self, scale: float, seed: int, today: str) -> Target:
        """The cached database for ``scale``, generated first if there is none."""
        key = cache_key(scale, seed, today)
        name = f"{self.prefix}_{key}"
        existing = self.databases()
        target = Target("postgresql", self.url_of(name), scale, seed, today, key)
        if decide(name, name in existing, existing.get(name), key) == "reuse":
            return target
        stem = f"{self.prefix}_{key.split('_seed')[0]}_seed{seed}_"
        for other, comment in existing.items():
            if other != name and other.startswith(stem) and is_ours(comment):
                self.drop(other)  # the same scale at an older schema or generator
        self.fresh(name, key)
        print(f"  generating {target.label} in database {name} (once) ...")
        started = time.perf_counter()
        counts = _generate(target, target.url)
        # A database in use has been vacuumed and analysed by autovacuum long since.
        engine = sa.create_engine(target.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
        self._mark(name, f"{key} complete")
        print(f"  generated in {time.perf_counter() - started:.0f} s: {_counts(counts)}")
        return target

    def close(self) -> None:
        self.engine.dispose()
