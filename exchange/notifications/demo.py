"""Demo messages (消息) for every demo account, so each inbox has something in it.

To-dos (待办) need no demo rows: they follow from the demo's leave, sheets, talks,
proposals and reports. Idempotent: a message's key is unique per user.
"""

import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db
from exchange.notifications.handover import path_for
from exchange.notifications.models import Notification

# username, key, text, endpoint and its values (or None)
MESSAGES: list[tuple[str, str, str, tuple[str, dict] | None]] = [
    ("admin", "demo:calendar", "2027年节假日安排公布后，请在“节假日”页面录入。", ("workdays.index", {})),
    ("hr.liangjiang", "demo:attendance", "天府新区已报送李晓雯2026年8月考勤表。", ("attendance.index", {})),
    ("hr.tianfu", "demo:leave-returned", "李晓雯已于2026年10月20日销假（逾期返岗）。", ("leave.index", {})),
    ("hr.cdedz", "demo:welcome", "成都经开区组织部账号已开通，可查看本区派出与接收的挂职干部。", None),
    ("leader", "demo:reports", "本月有新提交的挂职报告待批示。", ("home.index", {})),
    ("zhangxiang", "demo:remark", "领导对你的《挂职近4个月的心得体会》作了批示。", ("reports.mine", {})),
    ("dingzhao", "demo:evaluation", "你在两江新区科技创新局挂职的考核鉴定已完成。", ("reports.mine", {})),
    ("lixiaowen", "demo:leave-approved", "你2026年10月12日至16日的探亲假已批准。", ("leave.index", {})),
    ("wangjianguo", "demo:talk", "天府新区党工委组织部记录了2026年6月10日与你的谈心谈话（面谈）。", ("leave.index", {})),
]  # fmt: skip


def seed(created: dict, password: str | None = None) -> None:
    created.setdefault("messages", 0)
    for username, key, text, link in MESSAGES:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            continue
        exists = db.session.scalar(
            sa.select(Notification.id).where(
                Notification.user_id == user.id, Notification.key == key
            )
        )
        if exists:
            continue
        db.session.add(
            Notification(
                user_id=user.id,
                key=key,
                message=text,
                link=path_for(link[0], **link[1]) if link else "",
            )
        )
        created["messages"] += 1
    db.session.flush()
