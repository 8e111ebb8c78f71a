"""``make bench``: the app's pages, exports and throughput on generated regions, held to
the targets of issue 19, against Flask-Admin's list of the same rows.

    make bench                                   # scales 0.1 and 1, SQLite
    BENCH_SCALE=10 make bench                    # and scale 10
    BENCH_SCALES=0.01,0.02 BENCH_TARGET_SCALE=0.02 make bench   # a quick try
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench make bench

Environment: BENCH_SCALES (comma list; default 0.1,1, plus BENCH_SCALE if set),
BENCH_TARGET_SCALE (where targets are checked, exports and HTTP run; default 1),
BENCH_SEED (1), BENCH_TODAY (the day the data is made for and the app runs on,
2026-09-01), BENCH_ROUNDS (21 per page), BENCH_PAGE_BUDGET (seconds a slow page may
take per scale before it gets fewer rounds, 20), BENCH_EXPORT_ROUNDS (3),
BENCH_LOAD_SECONDS (15 per side), BENCH_DATABASE_URL (PostgreSQL as well; its database
name must start with "bench", see bench/databases.py).

1. Databases from the generator (exchange.ops.benchdata), cached in bench/.cache/.
2. In process, logged in as admin (and, shown apart, as an HR officer of the busiest
   district): each page's median over interleaved rounds, its SQL
   statements, its floors (the base template alone; its statements replayed raw).
3. Exports of the whole roster: in process and through gunicorn (deploy/gunicorn.conf.py).
4. Flask-Admin's list of the same postings (bench/admin.py), in the same rounds, and
   both first pages under load (gunicorn, 2 sync workers, bench/load.py in another process).
5. The targets, ✓/✗; exit status 1 when one is missed.
6. The report: printed, and written to bench/results/<date>-<db>.md and latest.md.
"""

import csv
import io
import json
import logging
import multiprocessing
import os
import re
import secrets
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

if __package__ in (None, ""):  # python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from sqlalchemy.pool import PoolProxiedConnection

from bench import admin, databases, results
from bench import inprocess as ip
from bench.app import FLOOR, create_bench_app
from bench.databases import CACHE, ROOT, Refused, Target
from bench.served import Gunicorn, Session

RESULTS = ROOT / "bench" / "results"
USERNAME = "admin"
DEEP_ROWS = 50_000  # how deep "deep in the roster" is, or half-way where there are fewer
PAGE_SIZE = 50
TODAY = "2026-09-01"  # the day the regions are generated for and the app believes it is
SECRET_KEY = secrets.token_hex(32)


@dataclass(frozen=True)
class Settings:
    scales: list[float]
    target_scale: float
    seed: int
    today: str
    rounds: int
    page_budget: float
    export_rounds: int
    load_seconds: float
    postgres_url: str | None

    @classmethod
    def from_env(cls, env=os.environ) -> "Settings":
        scales = [float(s) for s in env.get("BENCH_SCALES", "0.1,1").split(",") if s.strip()]
        if env.get("BENCH_SCALE"):
            scales.append(float(env["BENCH_SCALE"]))
        return cls(
            scales=sorted(set(scales)),
            target_scale=float(env.get("BENCH_TARGET_SCALE", "1")),
            seed=int(env.get("BENCH_SEED", "1")),
            today=date.fromisoformat(env.get("BENCH_TODAY", TODAY)).isoformat(),
            rounds=int(env.get("BENCH_ROUNDS", "21")),
            page_budget=float(env.get("BENCH_PAGE_BUDGET", "20")),
            export_rounds=int(env.get("BENCH_EXPORT_ROUNDS", "3")),
            load_seconds=float(env.get("BENCH_LOAD_SECONDS", "15")),
            postgres_url=env.get("BENCH_DATABASE_URL") or None,
        )

    @property
    def headline_scale(self) -> float:
        """Where exports and HTTP are measured: the target scale, else the largest."""
        return self.target_scale if self.target_scale in self.scales else max(self.scales)


def say(*args) -> None:
    print(*args, flush=True)


def bench_app(target: Target):
    """The bench app as production runs it (production configuration, its request log,
    into a file here rather than onto the terminal), on the day the data was made for."""
    # Production's configuration reads both from the environment (and wants 32 characters).
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ["DATABASE_URL"] = target.url
    config = {"SQLALCHEMY_DATABASE_URI": target.url, "TODAY": target.today}
    app = create_bench_app(config, "production")
    CACHE.mkdir(parents=True, exist_ok=True)
    log = (CACHE / "inprocess.log").open("a", encoding="utf-8")
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(log)
    return app


# What the pages are asked for --------------------------------------------------------


def facts(app) -> dict:
    """Ids and values from the database that the page URLs need."""
    from exchange.extensions import db

    t = db.metadata.tables
    posting, report = t["posting"], t["reflection_log"]
    with app.app_context():
        session = db.session
        postings = session.scalar(sa.select(sa.func.count()).select_from(posting)) or 0
        reports = session.scalar(sa.select(sa.func.count()).select_from(report)) or 0
        busiest = session.execute(
            sa.select(posting.c.host_district_id)
            .group_by(posting.c.host_district_id)
            .order_by(sa.func.count().desc(), posting.c.host_district_id)
            .limit(1)
        ).scalar_one()
        middle = postings // 2
        as_of = session.scalar(
            sa.select(posting.c.start_date).order_by(posting.c.start_date).offset(middle).limit(1)
        )
        posting_id = session.scalar(
            sa.select(posting.c.id).order_by(posting.c.id).offset(middle).limit(1)
        )
        report_id = session.scalar(
            sa.select(report.c.id).order_by(report.c.id).offset(reports // 2).limit(1)
        )
        user = t["user_account"]
        officer = session.scalar(
            sa.select(user.c.username)
            .where(user.c.role == "hr", user.c.district_id == busiest, user.c.active.is_(True))
            .order_by(user.c.id)
            .limit(1)
        )
        db.session.remove()
    depth = min(DEEP_ROWS, postings // 2)
    return {
        "postings": postings,
        "district": busiest,
        "as_of": as_of,
        "posting": posting_id,
        "report": report_id,
        "deep_page": depth // PAGE_SIZE + 1,
        "officer": officer,
    }


POSTING_LINK = re.compile(r'href="/postings/(\d+)"')


def deep_roster(client, number: int) -> str:
    """The URL of roster page ``number`` as a reader reaches it: the page-jump form
    redirects to a cursor link. Checks the links are cursor links and the rows differ."""
    first = ip.get(client, "/roster")
    following = re.search(r'rel="next" href="([^"]+)"', first)
    if not following or "cursor=" not in following.group(1):
        raise ip.BenchError("the roster's next-page link is not a cursor= link any more")
    response = client.get(f"/roster?page={number}")
    location = response.headers.get("Location", "")
    response.close()
    if response.status_code != 302 or "cursor=" not in location:
        raise ip.BenchError(f"/roster?page={number} did not redirect to a cursor link")
    parts = urlsplit(location)
    deep = f"{parts.path}?{parts.query}"
    ours, theirs = set(POSTING_LINK.findall(first)), set(POSTING_LINK.findall(ip.get(client, deep)))
    if not theirs or ours & theirs:
        raise ip.BenchError(f"the roster's page {number} shows no rows or page 1's rows")
    return deep


def page_cases(client, known: dict) -> list[ip.Case]:
    deep = deep_roster(client, known["deep_page"])
    paths = {
        results.ROSTER_FIRST: "/roster",
        results.ROSTER_FILTERED: f"/roster?district={known['district']}&as_of={known['as_of']}",
        results.ROSTER_SEARCH: "/roster?q=zx",
        results.ROSTER_DEEP: deep,
        results.POSTINGS: "/postings",
        results.REPORTS: "/reports",
        results.CADRES: "/cadres",
        results.AUDIT: "/audit",
        results.DASHBOARD: "/dashboard",
        results.POSTING: f"/postings/{known['posting']}",
        results.REPORT: f"/reports/{known['report']}",
        results.ADMIN_FIRST: admin.LIST,
        results.ADMIN_SEARCH: f"{admin.LIST}?search=zx",
        results.ADMIN_DEEP: f"{admin.LIST}?page={known['deep_page'] - 1}",
    }
    return [ip.Case(name, ip.page(client, path), path) for name, path in paths.items()]


OFFICER_PAGES = {
    results.FLOOR: FLOOR,
    results.ROSTER_FIRST: "/roster",
    results.REPORTS: "/reports",
    results.POSTINGS: "/postings",
}


def officer_cases(app, known: dict) -> list[ip.Case]:
    """The base template and three lists for an HR officer of the busiest district (their
    bell counts their district's to-dos on every page; their lists read its postings)."""
    if not known.get("officer"):
        return []
    client = app.test_client()
    ip.login(client, known["officer"], databases.PASSWORD)
    return [
        ip.Case(results.OFFICER + name, ip.page(client, path), path)
        for name, path in OFFICER_PAGES.items()
    ]


# Pages in process ------------------------------------------------------------------------


@dataclass
class PageSet:
    """One database's pages, their floor and their statements' replays, ready to time."""

    target: Target
    pages: list[ip.Case]
    floor: ip.Case
    replays: list[ip.Case]
    raw: PoolProxiedConnection
    engine: sa.Engine

    @property
    def cases(self) -> list[ip.Case]:
        return [*self.pages, self.floor, *self.replays]


def prepare_pages(target: Target, settings: Settings) -> PageSet:
    """Log in, find the URLs, warm every page up while recording its statements."""
    from exchange.extensions import db

    app = bench_app(target)
    known = facts(app)
    client = app.test_client()
    ip.login(client, USERNAME, databases.PASSWORD)
    pages = page_cases(client, known) + officer_cases(app, known)
    floor = ip.Case(results.FLOOR, ip.page(client, FLOOR), FLOOR)
    with app.app_context():
        engine = db.engine
    recorder = ip.Recorder(engine)
    say(f"  {target.label}: warming up {len(pages)} pages, recording their statements ...")
    ip.warm_up([*pages, floor], settings.rounds, settings.page_budget, recorder)
    recorder.close()
    raw = engine.raw_connection()
    replays = [ip.Case(p.name, ip.replay(raw, p.statements)) for p in pages]
    ip.warm_up(replays, settings.rounds, settings.page_budget, None)
    return PageSet(target, pages, floor, replays, raw, engine)


def measure_pages(targets: list[Target], settings: Settings, run: results.Run) -> None:
    """Every page of every database, all in the same interleaved rounds (so that
    PostgreSQL and SQLite, and each scale, are timed under the same load of a shared
    machine)."""
    sets = [prepare_pages(target, settings) for target in targets]
    ip.interleave([case for s in sets for case in s.cases], lambda text: say(f"  {text}"))
    for found in sets:
        kind, scale, floor = found.target.kind, found.target.scale, found.floor
        for case, sql in zip(found.pages, found.replays, strict=True):
            run.timings.append(
                results.Timing(
                    kind,
                    scale,
                    case.name,
                    case.median * 1000,
                    len(case.samples),
                    len(case.statements),
                    sql.median * 1000,
                    floor.median * 1000,
                )
            )
            say(
                f"  {kind:10} {case.name:40} {case.median * 1000:9.1f} ms  ({len(case.statements)} statements)"
            )
        run.timings.append(
            results.Timing(kind, scale, results.FLOOR, floor.median * 1000, len(floor.samples))
        )
        found.raw.close()
        found.engine.dispose()


# Exports ---------------------------------------------------------------------------------

EXPORTS = {
    results.CSV: "/roster/export.csv",
    results.XLSX: "/roster/export.xlsx",
    results.ADMIN_CSV: admin.EXPORT_CSV,
}


def csv_rows(body: list[bytes]) -> int:
    """Data rows of a CSV export (its records less the header)."""
    text = b"".join(body).decode("utf-8")
    return sum(1 for _record in csv.reader(io.StringIO(text))) - 1


def summarise(target, name, where, rows, downloads) -> results.Export:
    return results.Export(
        target.kind,
        target.scale,
        name,
        where,
        rows,
        statistics.median(d.seconds for d in downloads),
        statistics.median(d.first_byte for d in downloads),
        max(d.memory for d in downloads),
        len(downloads),
    )


def fresh_download(target: Target, path: str) -> int:
    """In a new process (app loaded, logged in, the roster seen): how far its resident
    memory rose during one download of ``path``. In the benchmark's own process, memory
    freed by the pages before is reused first and would hide what an export needs."""
    app = bench_app(target)
    client = app.test_client()
    ip.login(client, USERNAME, databases.PASSWORD)
    ip.get(client, "/roster")
    return ip.download(client, path).memory


def measure_exports(target: Target, settings: Settings, run: results.Run) -> dict[str, int]:
    """The three exports in process, interleaved; returns the rows of each."""
    app = bench_app(target)
    client = app.test_client()
    ip.login(client, USERNAME, databases.PASSWORD)
    downloads: dict[str, list[ip.Download]] = {name: [] for name in EXPORTS}
    bodies: dict[str, list[bytes]] = {results.CSV: [], results.ADMIN_CSV: []}
    for number in range(settings.export_rounds):
        for name, path in EXPORTS.items():
            keep = bodies.get(name) if number == 0 else None
            downloads[name].append(ip.download(client, path, keep))
        say(f"  exports in process, round {number + 1}/{settings.export_rounds}")
    ours, theirs = csv_rows(bodies[results.CSV]), csv_rows(bodies[results.ADMIN_CSV])
    rows = {results.CSV: ours, results.XLSX: ours, results.ADMIN_CSV: theirs}
    spawn = multiprocessing.get_context("spawn")
    for name, path in EXPORTS.items():
        found = summarise(target, name, results.IN_PROCESS, rows[name], downloads[name])
        with spawn.Pool(1) as pool:
            found.memory = pool.apply(fresh_download, (target, path))
        run.exports.append(found)
        say(
            f"  {name:20} {found.rows_per_second:12,.0f} rows/s  ({found.seconds:.2f} s), "
            f"fresh process +{found.memory / results.MB:.1f} MB"
        )
    return rows


def measure_http_exports(target: Target, settings: Settings, run: results.Run, rows) -> None:
    """The roster's two exports through gunicorn with the shipped configuration."""
    with Gunicorn.start(target, f"{target.kind}-shipped") as server:
        session = Session(server.port)
        session.login(USERNAME, databases.PASSWORD)
        session.request("GET", "/roster")
        workers = server.workers()
        say(f"  gunicorn (deploy/gunicorn.conf.py): {len(workers)} workers on :{server.port}")
        downloads: dict[str, list[ip.Download]] = {results.CSV: [], results.XLSX: []}
        for number in range(settings.export_rounds):
            for name in downloads:
                downloads[name].append(session.download(EXPORTS[name], workers))
            say(f"  exports over HTTP, round {number + 1}/{settings.export_rounds}")
    for name, found in downloads.items():
        summary = summarise(target, name, results.OVER_HTTP, rows[name], found)
        run.exports.append(summary)
        say(
            f"  {name:20} {summary.rows_per_second:12,.0f} rows/s, first byte "
            f"{summary.first_byte * 1000:.0f} ms, worker +{summary.memory / results.MB:.1f} MB"
        )


# Under load ------------------------------------------------------------------------------


def load(port: int, path: str, cookie: str, seconds: float) -> dict:
    """bench/load.py in a process of its own: 4 clients for ``seconds``."""
    command = [sys.executable, "-m", "bench.load", "--port", str(port), "--path", path]
    command += ["--cookie", cookie, "--concurrency", "4", "--seconds", str(seconds)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@dataclass
class Tally:
    """One page's requests under load, summed over its slices."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def add(self, part: dict) -> None:
        self.requests += part["requests"]
        self.errors += part["errors"]
        self.seconds += part["seconds"]
        self.latencies += part["latencies_ms"]

    def result(self, target: Target, name: str) -> results.Load:
        cuts = statistics.quantiles(self.latencies, n=100) if len(self.latencies) > 1 else []
        p50, p99 = (cuts[49], cuts[98]) if cuts else (float("nan"), float("nan"))
        return results.Load(
            target.kind, target.scale, name, self.requests, self.errors, self.seconds, p50, p99
        )


def measure_load(target: Target, settings: Settings, run: results.Run) -> None:
    """Our first page and Flask-Admin's, in alternating slices, 2 sync workers."""
    pages = {results.LOAD_OURS: "/roster", results.LOAD_ADMIN: admin.LIST}
    tallies = {name: Tally() for name in pages}
    # max_requests off: a worker restarting in one side's slice would count against it.
    extra = ("--workers", "2", "--worker-class", "sync", "--threads", "1", "--max-requests", "0")
    with Gunicorn.start(target, f"{target.kind}-sync", *extra) as server:
        session = Session(server.port)
        session.login(USERNAME, databases.PASSWORD)
        cookie = session.cookie_header
        for path in pages.values():
            load(server.port, path, cookie, 1)  # warm-up
        slices = 3
        for number in range(slices):
            for name, path in pages.items():
                tallies[name].add(load(server.port, path, cookie, settings.load_seconds / slices))
            say(f"  load, slice {number + 1}/{slices}")
    for name, tally in tallies.items():
        found = tally.result(target, name)
        run.loads.append(found)
        say(
            f"  {name:30} {found.per_second:8.1f} req/s  p50 {found.p50_ms:.1f} ms  "
            f"p99 {found.p99_ms:.1f} ms  ({found.errors} errors)"
        )


# The run -----------------------------------------------------------------------------------


def targets_of(settings: Settings) -> dict[str, list[Target]]:
    """Every database of the run, generated now where the cache has none."""
    # The PostgreSQL URL is checked first: a refusal comes before any work.
    server = databases.Server(settings.postgres_url) if settings.postgres_url else None
    found = {
        "sqlite": [
            databases.sqlite_target(s, settings.seed, settings.today) for s in settings.scales
        ]
    }
    if server:
        try:
            found["postgresql"] = [
                server.target(s, settings.seed, settings.today) for s in settings.scales
            ]
        finally:
            server.close()
    return found


def postgres_version(url: str) -> str:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        version = conn.exec_driver_sql("SHOW server_version").scalar_one()
    engine.dispose()
    return str(version)


def describe(kind: str, targets: list[Target]) -> str:
    names = ", ".join(
        urlsplit(t.url).path.rsplit("/", 1)[-1] if kind == "sqlite" else urlsplit(t.url).path[1:]
        for t in targets
    )
    what = "SQLite files in bench/.cache" if kind == "sqlite" else "PostgreSQL databases"
    return f"{what}: {names}"


def measure(settings: Settings) -> results.Run:
    say("Databases (scales " + ", ".join(f"{s:g}" for s in settings.scales) + ")")
    targets = targets_of(settings)
    pg = postgres_version(targets["postgresql"][0].url) if "postgresql" in targets else None
    run = results.Run(results.machine(pg), settings.scales, settings.target_scale)
    for kind, found in targets.items():
        run.databases[kind] = describe(kind, found)
    # Every scale's pages in the same rounds, as SQLite's and PostgreSQL's are: a page's
    # growth from one scale to the next is then measured under the same load and in the
    # same process state, not in two runs minutes apart (the later run, in a process that
    # had grown, once showed the roster's first page 30% slower at scale 1 than at 0.1
    # while its statements and plans were the same).
    say("Pages: scales " + ", ".join(f"{s:g}" for s in settings.scales))
    measure_pages([t for found in targets.values() for t in found], settings, run)
    for found in targets.values():
        headline = next(t for t in found if t.scale == settings.headline_scale)
        say(f"Exports: {headline.label}")
        rows = measure_exports(headline, settings, run)
        measure_http_exports(headline, settings, run, rows)
        say(f"Under load: {headline.label}")
        measure_load(headline, settings, run)
    run.notes.append(
        f"rounds: up to {settings.rounds} per page, interleaved, after a warm-up; "
        f"exports {settings.export_rounds}; load {settings.load_seconds:g} s a side"
    )
    run.notes.append(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return run


def main() -> int:
    settings = Settings.from_env()
    try:
        run = measure(settings)
    except Refused as refused:
        say(f"make bench: {refused}")
        return 2
    report = results.markdown(run, day=date.today())
    say("")
    say(report)
    for path in results.write(run, RESULTS):
        say(f"written: {path.relative_to(ROOT)}")
    missed = [check for check in results.checks(run) if check.ok is False]
    if missed:
        say(f"{len(missed)} target(s) missed.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
