"""Demo appraisals of the two real 2020 postings, signed by both sides; idempotent.

The article names no appraisal: grades and words are made up for the demo and say so.
"""

from datetime import datetime, time

import sqlalchemy as sa

from exchange.appraisals.models import Appraisal, AppraisalKind, AppraisalStatus
from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.clock import TZ
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus

MADE_UP = "（演示数据）"

END_OF_TERM = [
    {
        "cadre": "张想",
        "host": "hr.tianfu",
        "home": "hr.liangjiang",
        "grade": "excellent",
        "performance": "政治立场坚定，工作作风扎实，尽快适应了天府总部商务区的工作节奏。" + MADE_UP,
        "achievements": "分管商务事业领域，参与总部经济、会展博览产业招引，为两地现代服务业合作牵线搭桥。"
        + MADE_UP,
        "shortcomings": "对天府新区产业政策的系统把握还需加强。" + MADE_UP,
        "expectations": "希望把天府总部经济和会展博览的经验带回两江。" + MADE_UP,
        "opinion": "同意接收单位鉴定意见。" + MADE_UP,
    },
    {
        "cadre": "丁曌",
        "host": "hr.liangjiang",
        "home": "hr.cdedz",
        "grade": "competent",
        "performance": "学习能力强，工作认真负责。" + MADE_UP,
        "achievements": "在科技创新局协助科技金融工作，较好完成挂职任务。" + MADE_UP,
        "shortcomings": "",
        "expectations": "希望继续深耕科技金融领域。" + MADE_UP,
        "opinion": "同意。" + MADE_UP,
    },
]

# 年度考核 of 2020 for 张想, signed by both sides.
ANNUAL = [("张想", 2020, "hr.tianfu", "hr.liangjiang", "excellent", "分管商务事业领域。" + MADE_UP)]


def _posting(cadre_name: str) -> Posting | None:
    return db.session.scalar(
        sa.select(Posting)
        .join(Cadre)
        .where(Cadre.name == cadre_name, Posting.status == PostingStatus.COMPLETED)
        .order_by(Posting.start_date)
    )


def _user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _signed_at(day) -> datetime:
    return datetime.combine(day, time(10), tzinfo=TZ)


def seed(created: dict) -> None:
    created.setdefault("appraisals", 0)
    for spec in END_OF_TERM:
        posting = _posting(spec["cadre"])
        if posting is None or db.session.scalar(
            sa.select(Appraisal.id).where(
                Appraisal.posting_id == posting.id, Appraisal.kind == AppraisalKind.END_OF_TERM
            )
        ):
            continue
        end = posting.end_date
        db.session.add(
            Appraisal(
                posting=posting,
                kind=AppraisalKind.END_OF_TERM,
                status=AppraisalStatus.LOCKED,
                proposed_grade=spec["grade"],
                final_grade=spec["grade"],
                performance=spec["performance"],
                achievements=spec["achievements"],
                shortcomings=spec["shortcomings"],
                expectations=spec["expectations"],
                host_signed_by=_user(spec["host"]),
                host_signed_at=_signed_at(end.replace(day=15)),
                home_opinion=spec["opinion"],
                home_signed_by=_user(spec["home"]),
                home_signed_at=_signed_at(end.replace(day=20)),
            )
        )
        created["appraisals"] += 1
    for cadre_name, year, host, home, grade, record in ANNUAL:
        posting = _posting(cadre_name)
        if posting is None or db.session.scalar(
            sa.select(Appraisal.id).where(
                Appraisal.posting_id == posting.id, Appraisal.year == year
            )
        ):
            continue
        db.session.add(
            Appraisal(
                posting=posting,
                kind=AppraisalKind.ANNUAL,
                year=year,
                status=AppraisalStatus.LOCKED,
                proposed_grade=grade,
                final_grade=grade,
                work_record=record,
                host_signed_by=_user(host),
                host_signed_at=_signed_at(posting.start_date.replace(year=year, month=12, day=20)),
                home_signed_by=_user(home),
                home_signed_at=_signed_at(posting.start_date.replace(year=year, month=12, day=28)),
            )
        )
        created["appraisals"] += 1
    db.session.flush()
