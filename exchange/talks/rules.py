"""Setting a programme's talk cadence per side: every 1, 2, 3, 4, 6 or 12 months, or none."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import record
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.talks.models import TalkRule, TalkSide

CADENCES = (1, 2, 3, 4, 6, 12)


@dataclass(frozen=True)
class Cadence:
    side: str
    every_months: int | None  # None: no rule for this side
    source: str = ""


def _reasons(c: Cadence) -> list:
    if TalkSide.coerce(c.side) is None:
        return [(None, "invalid_choice", _l("Choose the home or the host side."))]
    if c.every_months is None:
        return []
    if c.every_months not in CADENCES:
        return [(f"{c.side}_every", "invalid_cadence", _l("Every 1, 2, 3, 4, 6 or 12 months."))]
    if not (c.source or "").strip():
        return [(f"{c.side}_source", "required", _l("Give the rule's source."))]
    return []


def set_cadence(programme, actor, cadences: list[Cadence]) -> list[TalkRule]:
    if not policy.can_manage_daily_rules(actor, programme):
        raise NotAllowed(_l("Only the coordinating organisation department sets these rules."))
    reasons = [r for c in cadences for r in _reasons(c)]
    if reasons:
        raise DomainError(reasons)
    existing = {
        r.side: r
        for r in db.session.scalars(
            sa.select(TalkRule).where(TalkRule.programme_id == programme.id)
        )
    }
    changes, kept = {}, []
    for c in cadences:
        rule = existing.get(c.side)
        before = rule.every_months if rule else None
        if c.every_months is None:
            if rule is not None:
                db.session.delete(rule)
        else:
            rule = rule or TalkRule(programme_id=programme.id, side=c.side)
            rule.every_months, rule.source = c.every_months, c.source.strip()
            db.session.add(rule)
            kept.append(rule)
        if before != c.every_months:
            changes[f"{c.side}_every_months"] = [before, c.every_months]
    db.session.flush()
    record(
        "programme.talk_cadence",
        programme,
        actor=actor,
        changes=changes,
        summary=str(programme),
        districts=tuple(d.id for d in programme.districts[:2]),
    )
    return kept
