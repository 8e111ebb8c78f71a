"""Demo monthly reports for the current round, so the schedule shows every state.

李晓雯 (天府, from 2026-06-01) and 王建国 (两江, from 2026-05-06, extended) file some
monthly reports on time, one late, and leave some missing. Idempotent: find before create.
"""

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from exchange import clock
from exchange.auth.models import Role, User
from exchange.auth.passwords import hash_password
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from exchange.reports.models import ReflectionLog, ReportKind, ReportStatus
from exchange.reports.schedule import due_periods

ACCOUNTS = [("lixiaowen", "李晓雯"), ("wangjianguo", "王建国")]

# Per official: for the n-th monthly period, days after the due date it was submitted
# (negative: early), or None for a report never filed.
FILINGS = {
    "李晓雯": [-2, 4, None, -1],
    "王建国": [-3, 0, 6, None, -5],
}

BODIES = {
    "李晓雯": (
        "### 所学所获\n\n参与天府总部商务区总部企业招引，学习“链主企业+配套”招商模式。\n\n"
        "### 工作成效\n\n- 对接拟落户总部企业 **{n}** 家\n- 参加会展博览项目推进会 2 次\n\n"
        "### 困难问题\n\n两地政策口径仍有差异，需要加强对接。"
    ),
    "王建国": (
        "### 所学所获\n\n熟悉两江新区科技创新券和孵化载体政策。\n\n"
        "### 工作成效\n\n- 推动两地科技创新协同项目 **{n}** 个\n\n"
        "### 意见建议\n\n建议建立两地科技成果转化信息共享机制。"
    ),
}


def _account(username: str, cadre: Cadre, password: str | None, created: dict) -> User | None:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None and password:
        user = User(
            username=username,
            role=Role.CADRE,
            display_name=cadre.name,
            cadre=cadre,
            password_hash=hash_password(password),
        )
        db.session.add(user)
        db.session.flush()
        created["accounts"] = created.get("accounts", 0) + 1
    return user


def seed(created: dict, password: str | None = None) -> None:
    today = clock.today()
    for username, name in ACCOUNTS:
        cadre = db.session.scalar(sa.select(Cadre).where(Cadre.name == name))
        if cadre is None:
            continue
        author = _account(username, cadre, password, created)
        posting = db.session.scalar(
            sa.select(Posting).where(
                Posting.cadre_id == cadre.id, Posting.status == PostingStatus.ACTIVE
            )
        )
        if author is None or posting is None:
            continue
        monthly = [
            p for p in due_periods(posting.start_date, posting.end_date) if p.kind == "monthly"
        ]
        for number, (period, offset) in enumerate(zip(monthly, FILINGS[name], strict=False), 1):
            submitted_date = period.due_date + timedelta(days=offset or 0)
            if offset is None or submitted_date > today:
                continue
            title = f"第{number}个月工作报告"
            exists = db.session.scalar(
                sa.select(ReflectionLog.id).where(
                    ReflectionLog.posting_id == posting.id, ReflectionLog.title == title
                )
            )
            if exists:
                continue
            db.session.add(
                ReflectionLog(
                    posting=posting,
                    author=author,
                    kind=ReportKind.MONTHLY,
                    title=title,
                    report_date=min(period.end_date, submitted_date),
                    period_start_date=period.start_date,
                    period_end_date=period.end_date,
                    body=BODIES[name].format(n=number + 1),
                    tags="所学所获,工作成效",
                    status=ReportStatus.SUBMITTED,
                    submitted_at=datetime.combine(submitted_date, time(17, 30), tzinfo=clock.TZ),
                )
            )
            created["reports"] = created.get("reports", 0) + 1
    db.session.flush()
