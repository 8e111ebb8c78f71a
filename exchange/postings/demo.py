"""Demo helpers of postings that other features' demo data use."""

import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus


def active_posting_of(cadre_name: str) -> Posting | None:
    """The demo cadre's posting in progress (for features' demo data), if any."""
    return db.session.scalar(
        sa.select(Posting)
        .join(Cadre)
        .where(Cadre.name == cadre_name, Posting.status == PostingStatus.ACTIVE)
    )


def _user(username: str):
    from exchange.auth.models import User

    return db.session.scalar(sa.select(User).where(User.username == username))


def seed(created: dict, password: str) -> None:
    """Term changes: 王建国's extension, agreed by both sides, and one for 李晓雯 that the
    host side (天府) asked and that waits for the home side's (两江) consent."""
    from datetime import UTC, datetime

    from exchange.dates import add_months
    from exchange.postings.models import TermChangeRequest

    wang, li = active_posting_of("王建国"), active_posting_of("李晓雯")
    if wang is None or li is None or wang.term_changes or li.term_changes:
        return
    for extension in wang.extensions:
        at = datetime.combine(extension.created_at.date(), datetime.min.time(), UTC)
        db.session.add(
            TermChangeRequest(
                posting=wang,
                kind="extension",
                side="home",
                status="agreed",
                previous_end_date=extension.previous_planned_end_date,
                new_end_date=extension.new_planned_end_date,
                reason=extension.reason,
                requested_by=_user("hr.liangjiang"),
                requested_at=at,
                decided_by=_user("hr.tianfu"),
                decided_at=at,
                applied_at=at,
            )
        )
    db.session.add(
        TermChangeRequest(
            posting=li,
            kind="extension",
            side="host",
            previous_end_date=li.planned_end_date,
            new_end_date=add_months(li.planned_end_date, 3),
            reason="总部经济招商项目进入签约阶段，天府新区工作需要；李晓雯本人愿意延期，"
            "请两江新区组织人事部同意延期三个月。（演示数据）",
            requested_by=_user("hr.tianfu"),
        )
    )
    created["term_changes"] = created.get("term_changes", 0) + 1 + len(wang.extensions)
    db.session.flush()
