"""Postings and nothing else, fast: a migrated empty database filled by bulk inserts.

For tests that need many roster rows and none of the rest (tests/deploy/
test_gunicorn_export.py: a 100,000-row export through gunicorn); ``make bench`` uses the
data generator (``exchange.ops.benchdata``), which builds a whole region. Only into an
empty database: it migrates and inserts, it never drops anything.
"""

import functools
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask_migrate import upgrade

from exchange import create_app
from exchange.auth.passwords import hash_password
from exchange.extensions import db
from exchange.text import pinyin_keys

NOW = datetime(2026, 9, 1, tzinfo=UTC)
PASSWORD = "benchmark password"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def build(url: str, rows: int) -> None:
    """Migrate the database at ``url`` and fill it with ``rows`` postings by bulk inserts."""
    keys = functools.cache(pinyin_keys)  # the made-up names repeat
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TODAY": date(2026, 9, 1)})
    with app.app_context():
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
        for i in range(1, rows + 1):
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[i % 13]
            full, initials = keys(name)
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
            if len(batch_cadres) == 5000 or i == rows:
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
