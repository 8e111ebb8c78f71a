"""A demo import run: 两江's HR imported the 2026 round's cadres from a spreadsheet; idempotent."""

import hashlib
from datetime import datetime, time

import sqlalchemy as sa

from exchange.auth.models import User
from exchange.clock import TZ
from exchange.extensions import db
from exchange.imports.models import ImportKind, ImportRun, ImportStatus

FILENAME = "2026年第二批互派干部名单（演示）.xlsx"
ROWS = [
    ("李晓雯 · 产业促进局", "create"),
    ("刘雨桐 · 政务大厅（自贸试验区）", "create"),
    ("张想 · 现代服务业局", "skip"),
]


APPRAISALS_FILE = "两江新区干部年度考核结果（演示）.xlsx"
# 张想's 年度考核 of the years before his 2020 posting, from 两江's records (made up).
ANNUAL = [("张想", 2018, "competent"), ("张想", 2019, "excellent")]


def seed_annual_results(created: dict) -> None:
    """Results of years outside postings, as the appraisal import records them; idempotent."""
    from exchange.appraisals.models import AnnualResult
    from exchange.cadres.models import Cadre

    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    if hr is None:
        return
    for name, year, grade in ANNUAL:
        cadre = db.session.scalar(sa.select(Cadre).where(Cadre.name == name))
        if cadre is None:
            continue
        exists = sa.select(AnnualResult.id).where(
            AnnualResult.cadre_id == cadre.id, AnnualResult.year == year
        )
        if db.session.scalar(exists) is None:
            db.session.add(
                AnnualResult(
                    cadre_id=cadre.id,
                    year=year,
                    grade=grade,
                    source=f"演示 {APPRAISALS_FILE}",
                    recorded_by_id=hr.id,
                )
            )
            created["imports"] += 1
    db.session.flush()


def seed(created: dict, password: str) -> None:
    created.setdefault("imports", 0)
    seed_annual_results(created)
    if db.session.scalar(sa.select(ImportRun.id).where(ImportRun.filename == FILENAME)):
        return
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    if hr is None:
        return
    at = datetime.combine(datetime(2026, 3, 20).date(), time(10), tzinfo=TZ)
    rows = [
        {"n": n, "label": label, "action": action, "detail": "", "problems": []}
        for n, (label, action) in enumerate(ROWS, start=3)
    ]
    counts = {"create": 2, "update": 0, "skip": 1, "problem": 0}
    db.session.add(
        ImportRun(
            kind=ImportKind.CADRES,
            status=ImportStatus.IMPORTED,
            filename=FILENAME,
            sha256=hashlib.sha256(FILENAME.encode()).hexdigest(),
            size=9_216,
            rows=rows,
            counts=counts,
            created_by_id=hr.id,
            district_id=hr.district_id,
            created_at=at,
            imported_at=at,
        )
    )
    created["imports"] += 1
    db.session.flush()
