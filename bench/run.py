"""Benchmark: the roster, its exports and the dashboard on a large database.

    make bench                      # 100,000 postings on SQLite
    BENCH_ROWS=20000 make bench     # fewer rows
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench make bench

Builds the database with the migrations, fills it with bulk inserts, then times
requests through the app and measures the peak Python memory of each one. Prints a
table and exits non-zero when a target is missed.
"""

import os
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade

from exchange import create_app
from exchange.auth.passwords import hash_password
from exchange.extensions import db
from exchange.text import pinyin_keys

ROWS = int(os.environ.get("BENCH_ROWS", 100_000))
NOW = datetime(2026, 9, 1, tzinfo=UTC)
PASSWORD = "benchmark password"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"

# (what, seconds at most, MiB of Python memory at most)
TARGETS = {
    "roster first page": (1.0, 64),
    "roster page deep in the list": (1.0, 64),
    "roster search 'zx'": (1.5, 64),
    "export CSV (all rows)": (90.0, 128),
    "export XLSX (all rows)": (180.0, 128),
    "dashboard": (3.0, 64),
}


def build(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TODAY": date(2026, 9, 1)})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
        conn = db.session.connection()
        conn.execute(
            sa.insert(db.metadata.tables["district"]),
            [
                {
                    "id": i,
                    "code": f"d{i}",
                    "name": f"区域{i}",
                    "name_en": f"D{i}",
                    "province": "",
                    "created_at": NOW,
                }
                for i in range(1, 5)
            ],
        )
        # Seven departments per district.
        conn.execute(
            sa.insert(db.metadata.tables["department"]),
            [
                {
                    "id": d * 10 + k,
                    "district_id": d,
                    "name": f"部门{k}",
                    "name_en": "",
                    "created_at": NOW,
                }
                for d in range(1, 5)
                for k in range(7)
            ],
        )
        conn.execute(
            sa.insert(db.metadata.tables["programme"]),
            [
                {
                    "id": 1,
                    "name": "基准测试批次",
                    "description": "",
                    "start_date": date(2000, 1, 1),
                    "end_date": date(2040, 1, 1),
                    "standard_term_months": 6,
                    "report_cadence_months": 1,
                    "team_leader": "",
                    "version": 1,
                    "created_at": NOW,
                }
            ],
        )
        batch_cadres, batch_postings = [], []
        start0 = date(2005, 1, 1)
        for i in range(1, ROWS + 1):
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[i % 13]
            full, initials = pinyin_keys(name)
            home = 1 + i % 4
            host = 1 + (i + 1) % 4
            batch_cadres.append(
                {
                    "id": i,
                    "name": name,
                    "name_pinyin": full,
                    "name_initials": initials,
                    "home_department_id": home * 10 + i % 7,
                    "home_position": "副局长",
                    "rank": "",
                    "phone": "",
                    "email": "",
                    "notes": "",
                    "version": 1,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            start = start0 + timedelta(days=(i * 3) % 7800)
            end = start + timedelta(days=180)
            batch_postings.append(
                {
                    "id": i,
                    "cadre_id": i,
                    "programme_id": 1,
                    "home_district_id": home,
                    "home_department_id": home * 10 + i % 7,
                    "home_position": "副局长",
                    "host_district_id": host,
                    "host_department_id": host * 10 + (i + 3) % 7,
                    "host_position": "副主任",
                    "portfolio": "",
                    "start_date": start,
                    "planned_end_date": end,
                    "actual_end_date": end if end < date(2026, 9, 1) else None,
                    "status": "completed" if end < date(2026, 9, 1) else "active",
                    "decision_reason": "",
                    "end_reason": "",
                    "version": 1,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            if len(batch_cadres) == 5000 or i == ROWS:
                conn.execute(sa.insert(db.metadata.tables["cadre"]), batch_cadres)
                conn.execute(sa.insert(db.metadata.tables["posting"]), batch_postings)
                batch_cadres, batch_postings = [], []
        conn.execute(
            sa.insert(db.metadata.tables["user_account"]),
            [
                {
                    "username": "leader",
                    "display_name": "领导",
                    "password_hash": hash_password(PASSWORD),
                    "role": "leader",
                    "active": True,
                    "session_token": "bench",
                    "created_at": NOW,
                }
            ],
        )
        if db.engine.dialect.name == "postgresql":
            for table in ("district", "department", "programme", "cadre", "posting"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
            conn.exec_driver_sql("ANALYZE")
        db.session.commit()
        db.engine.dispose()


def measure(client, url: str) -> tuple[float, float, int]:
    """Seconds, peak MiB of Python allocations, and bytes of the streamed response."""
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    size = 0
    for chunk in response.response:
        size += len(chunk)
    response.close()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, peak / 2**20, size


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/bench.db"
    print(f"Building {ROWS:,} postings on {url.split(':')[0]} ...", flush=True)
    started = time.perf_counter()
    build(url)
    print(f"  built in {time.perf_counter() - started:.1f} s")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TODAY": date(2026, 9, 1)})
    client = app.test_client()
    response = client.post("/login", data={"username": "leader", "password": PASSWORD})
    assert response.status_code == 302, "benchmark login failed"
    deep = client.get("/roster").get_data(as_text=True)
    # Walk a few pages forward by their "next" links to reach deep into the list.
    import re

    next_url = "/roster"
    for _ in range(20):
        match = re.search(r'href="(/roster\?[^"]*after=[^"]*)"', deep)
        if not match:
            break
        next_url = match.group(1).replace("&amp;", "&")
        deep = client.get(next_url).get_data(as_text=True)
    cases = {
        "roster first page": "/roster",
        "roster page deep in the list": next_url,
        "roster search 'zx'": "/roster?q=zx",
        "export CSV (all rows)": "/roster/export.csv",
        "export XLSX (all rows)": "/roster/export.xlsx",
        "dashboard": "/dashboard",
    }
    failures = 0
    print(f"{'what':32} {'seconds':>9} {'peak MiB':>9} {'bytes':>12}  target")
    for what, path in cases.items():
        seconds, mib, size = measure(client, path)
        max_s, max_mib = TARGETS[what]
        ok = seconds <= max_s and mib <= max_mib
        failures += not ok
        print(
            f"{what:32} {seconds:9.2f} {mib:9.1f} {size:12,}  "
            f"≤{max_s:g} s, ≤{max_mib} MiB {'ok' if ok else 'MISSED'}"
        )
    with app.app_context():
        db.engine.dispose()
    if tmp:
        tmp.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
