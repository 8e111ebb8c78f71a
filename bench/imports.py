"""Benchmark: previewing a 10,000-row postings file (target: under 30 s and 300 MB).

    .venv/bin/python bench/imports.py                  # 10,000 rows on SQLite
    BENCH_IMPORT_ROWS=2000 .venv/bin/python bench/imports.py
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python bench/imports.py

Builds a database with the migrations (on PostgreSQL a database of its own beside the
one named, ``<name>_imports``, under the rule of bench/databases.py: the name must start
with "bench"), bulk-inserts the cadres the file names, writes
the file as XLSX (and CSV), then runs the preview exactly as the upload does (every
row through ``propose_posting`` in a savepoint, rolled back), each in a fresh process,
and measures its wall and CPU time and that process's peak resident memory. CPU time
says what an idle machine would take when other work shares the cores. Exits non-zero
when a target is missed. Not a unit test: the timing depends on the machine.
"""

import csv
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from openpyxl import Workbook

from bench.databases import Refused, Server
from exchange import create_app
from exchange.extensions import db
from exchange.text import pinyin_keys

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 10_000))
SECONDS, MEBIBYTES = 30.0, 300
NOW = datetime(2026, 9, 1, tzinfo=UTC)
HEADER = [
    "姓名",
    "出生年月",
    "接收区域",
    "接收单位",
    "挂职职务",
    "交流批次",
    "开始日期",
    "计划结束日期",
]


def build(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TODAY": date(2026, 9, 1)})
    with app.app_context():
        upgrade()
        t = db.metadata.tables
        conn = db.session.connection()
        conn.execute(
            sa.insert(t["district"]),
            [
                {
                    "id": i,
                    "code": f"d{i}",
                    "name": f"区域{i}",
                    "name_en": f"D{i}",
                    "province": "",
                    "created_at": NOW,
                }
                for i in (1, 2)
            ],
        )
        conn.execute(
            sa.insert(t["department"]),
            [
                {
                    "id": d * 10 + k,
                    "district_id": d,
                    "name": f"部门{k}",
                    "name_en": "",
                    "created_at": NOW,
                }
                for d in (1, 2)
                for k in range(1, 8)
            ],
        )
        conn.execute(
            sa.insert(t["programme"]),
            [
                {
                    "id": 1,
                    "name": "基准批次",
                    "description": "",
                    "start_date": date(2020, 1, 1),
                    "end_date": date(2035, 12, 31),
                    "standard_term_months": 6,
                    "report_cadence_months": 1,
                    "team_leader": "",
                    "version": 1,
                    "created_at": NOW,
                }
            ],
        )
        conn.execute(
            sa.insert(t["programme_district"]),
            [{"programme_id": 1, "district_id": d} for d in (1, 2)],
        )
        conn.execute(
            sa.insert(t["user_account"]),
            [
                {
                    "id": 1,
                    "username": "admin",
                    "display_name": "admin",
                    "role": "admin",
                    "password_hash": "x",
                    "active": True,
                    "locale": "zh_Hans_CN",
                    "session_token": "x",
                    "created_at": NOW,
                }
            ],
        )
        cadres = []
        for i in range(ROWS):
            name = f"干部{i:05d}"
            full, initials = pinyin_keys(name)
            cadres.append(
                {
                    "id": i + 1,
                    "name": name,
                    "name_pinyin": full,
                    "name_initials": initials,
                    "birth_month": date(1970 + i % 30, i % 12 + 1, 1),
                    "home_department_id": 11 + i % 7,
                    "home_position": "科长",
                    "rank": "",
                    "phone": "",
                    "email": "",
                    "notes": "",
                    "version": 1,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
        conn.execute(sa.insert(t["cadre"]), cadres)
        db.session.commit()
        db.engine.dispose()


def rows():
    for i in range(ROWS):
        start = date(2027, 1, 1) + timedelta(days=i % 200)
        yield [
            f"干部{i:05d}",
            f"{1970 + i % 30}.{i % 12 + 1:02d}",
            "区域2",
            f"部门{1 + i % 7}",
            "副主任",
            "基准批次",
            start.isoformat(),
            (start + timedelta(days=180)).isoformat(),
        ]


def write_xlsx() -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows():
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows())
    return out.getvalue().encode("utf-8-sig")


def measure(url: str, data: bytes) -> tuple[float, float, float, bool]:
    """Preview ``data`` in this (fresh) process: wall seconds, CPU seconds, peak RSS MiB, ok."""
    from exchange.auth.models import User
    from exchange.imports.services import read_and_run

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TODAY": date(2026, 9, 1)})
    with app.app_context():
        actor = db.session.get(User, 1)
        started, cpu = time.perf_counter(), time.process_time()
        outcome = read_and_run("postings", io.BytesIO(data), actor, dry_run=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        db.session.rollback()
        ok = outcome.ok and outcome.counts["create"] == ROWS
        if not ok:
            print("unexpected preview:", outcome.counts, outcome.rows[:3])
        db.engine.dispose()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, cpu, rss, ok


def database() -> str:
    """A new empty database: a SQLite file, or on PostgreSQL one this benchmark made."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="exchange-bench-"), "bench.db")
    server = Server(url)
    try:
        return server.fresh(f"{server.prefix}_imports", "imports")
    finally:
        server.close()


def main() -> int:
    try:
        url = database()
    except Refused as refused:
        print(f"bench/imports.py: {refused}")
        return 2
    print(f"Building {ROWS:,} cadres on {url.split(':')[0]} …")
    build(url)
    failed = False
    print(
        f"{'preview of':<28}{'seconds':>10}{'CPU s':>8}{'target':>8}{'peak MiB':>10}{'target':>8}"
    )
    # Each preview runs in a fresh process, so its peak resident memory is its own.
    spawn = multiprocessing.get_context("spawn")
    for name, data in (("postings XLSX", write_xlsx()), ("postings CSV", write_csv())):
        with spawn.Pool(1) as pool:
            seconds, cpu, mib, ok = pool.apply(measure, (url, data))
        miss = seconds > SECONDS or mib > MEBIBYTES or not ok
        failed |= miss
        label = f"{name} ({len(data) // 1024} KiB)"
        print(
            f"{label:<28}{seconds:>10.1f}{cpu:>8.1f}{SECONDS:>8.0f}{mib:>10.0f}{MEBIBYTES:>8}"
            + ("  MISSED" if miss else "")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
