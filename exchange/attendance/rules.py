"""Setting a programme's attendance rule: the due day and the least share on site, with sources."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.attendance.models import AttendanceRule
from exchange.audit.services import changes_of, record
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db


@dataclass(frozen=True)
class RuleData:
    due_day: int | None
    due_source: str
    min_presence_percent: int | None
    presence_source: str


def set_rule(programme, actor, data: RuleData) -> AttendanceRule:
    if not policy.can_manage_daily_rules(actor, programme):
        raise NotAllowed(_l("Only the coordinating organisation department sets these rules."))
    reasons = []
    due_day, least = data.due_day, data.min_presence_percent
    if due_day is None or not 1 <= due_day <= 28:
        reasons.append(("due_day", "invalid_due_day", _l("A day from 1 to 28.")))
    if least is None or not 0 <= least <= 100:
        reasons.append(("min_presence_percent", "invalid_percent", _l("A share from 0 to 100.")))
    for name in ("due_source", "presence_source"):
        if not (getattr(data, name) or "").strip():
            reasons.append((name, "required", _l("Give the rule's source.")))
    if reasons or due_day is None or least is None:
        raise DomainError(reasons)
    rule = db.session.scalar(
        sa.select(AttendanceRule).where(AttendanceRule.programme_id == programme.id)
    ) or AttendanceRule(programme_id=programme.id)
    rule.due_day = due_day
    rule.due_source = data.due_source.strip()
    rule.min_presence_percent = least
    rule.presence_source = data.presence_source.strip()
    db.session.add(rule)
    changes = changes_of(rule)
    db.session.flush()
    record(
        "programme.attendance_rule",
        programme,
        actor=actor,
        changes=changes,
        summary=str(programme),
        districts=tuple(d.id for d in programme.districts[:2]),
    )
    return rule
