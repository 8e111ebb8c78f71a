"""Demo talks: the home side's quarterly cadence (with its source) and talks with the two
current officials, leaving one quarter late and the current one due."""

from datetime import date

import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db
from exchange.postings.demo import active_posting_of
from exchange.programmes.models import Programme
from exchange.talks.models import Talk, TalkRule

CADENCE_SOURCE = (
    "参照《郴州市大学生村官管理办法》“派出单位每季度至少开展一次谈心谈话”及区委组织部"
    "“派出单位每月了解挂职干部思想和工作情况并实地走访”的要求：派出单位每季度至少谈心谈话一次。"
)

# cadre, side, date, mode, participants, topics, issues, follow-up, shared
TALKS = [
    ("李晓雯", "home", date(2026, 6, 20), "phone", "两江新区组织人事部 干部科科长、李晓雯",
     "到岗适应情况、工作分工。", "住宿离办公地点较远。", "协调接收单位调整周转房。", False),
    ("李晓雯", "home", date(2026, 8, 15), "site_visit", "两江新区组织人事部 副部长、干部科科长；天府总部商务区 分管领导、李晓雯",
     "总部经济招商工作进展；思想状态。", "两地政策口径差异。", "梳理两地招商政策差异清单，报联席会议。", True),
    ("王建国", "home", date(2026, 6, 10), "in_person", "天府新区党工委组织部 干部科科长、王建国",
     "工作目标与分工。", "无。", "按季度回访。", False),
    ("王建国", "host", date(2026, 9, 3), "phone", "两江新区组织人事部 干部科、王建国",
     "科技创新协同项目推进。", "项目审批链条较长。", "协调科技创新局专人对接。", True),
]  # fmt: skip


def seed(created: dict, password: str | None = None) -> None:
    created.setdefault("talks", 0)
    for programme in db.session.scalars(sa.select(Programme)):
        if (
            db.session.scalar(sa.select(TalkRule.id).where(TalkRule.programme_id == programme.id))
            is None
        ):
            db.session.add(
                TalkRule(
                    programme_id=programme.id, side="home", every_months=3, source=CADENCE_SOURCE
                )
            )
    db.session.flush()
    for name, side, day, mode, participants, topics, issues, follow_up, shared in TALKS:
        posting = active_posting_of(name)
        if posting is None:
            continue
        if db.session.scalar(
            sa.select(Talk.id).where(Talk.posting_id == posting.id, Talk.talk_date == day)
        ):
            continue
        district = posting.home_district_id if side == "home" else posting.host_district_id
        recorder = db.session.scalar(
            sa.select(User).where(User.role == "hr", User.district_id == district).order_by(User.id)
        )
        db.session.add(
            Talk(
                posting=posting,
                side=side,
                talk_date=day,
                mode=mode,
                participants=participants,
                topics=topics,
                issues=issues,
                follow_up=follow_up,
                shared=shared,
                recorded_by=recorder,
            )
        )
        created["talks"] += 1
    db.session.flush()
