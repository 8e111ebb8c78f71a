"""Demo evaluations (考核鉴定) of the two real 2020 postings; idempotent."""

import sqlalchemy as sa

from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Evaluation, Grade, Posting, PostingStatus

EVALUATIONS = [
    (
        "张想",
        "hr.tianfu",
        Grade.EXCELLENT,
        "在天府总部商务区分管商务事业领域，熟悉总部经济、会展博览产业，工作主动，"
        "为两地现代服务业合作牵线搭桥。（演示数据）",
    ),
    (
        "丁曌",
        "hr.liangjiang",
        Grade.COMPETENT,
        "在科技创新局协助科技金融工作，学习能力强，较好完成挂职任务。（演示数据）",
    ),
]


def seed(created: dict) -> None:
    created.setdefault("evaluations", 0)
    for cadre_name, username, grade, comments in EVALUATIONS:
        posting = db.session.scalar(
            sa.select(Posting)
            .join(Cadre)
            .where(Cadre.name == cadre_name, Posting.status == PostingStatus.COMPLETED)
            .order_by(Posting.start_date)
        )
        if posting is None or posting.evaluation is not None:
            continue
        evaluator = db.session.scalar(sa.select(User).where(User.username == username))
        db.session.add(
            Evaluation(posting=posting, grade=grade, comments=comments, evaluated_by=evaluator)
        )
        created["evaluations"] += 1
    db.session.flush()


def active_posting_of(cadre_name: str) -> Posting | None:
    """The demo cadre's posting in progress (for features' demo data), if any."""
    return db.session.scalar(
        sa.select(Posting)
        .join(Cadre)
        .where(Cadre.name == cadre_name, Posting.status == PostingStatus.ACTIVE)
    )
