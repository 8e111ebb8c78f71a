"""Setting a programme's leave tiers: limits that grow, an open-ended last tier, approvers
in order without gaps or repeats, and the rule's source."""

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import record
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.leave.models import ApproverSide, LeaveTier

MAX_TIERS = 3


@dataclass(frozen=True)
class TierData:
    up_to_days: Decimal | None
    approvers: tuple[str | None, ...]
    source: str


def _approver_reasons(field: str, tier: TierData) -> list:
    sides = list(tier.approvers)
    while sides and not sides[-1]:
        sides.pop()
    if not sides or None in sides or "" in sides:
        message = _l("Name the approvers in order, without gaps.")
        return [(f"{field}_first", "approvers_in_order", message)]
    if any(ApproverSide.coerce(s) is None for s in sides):
        message = _l("Choose host HR, home HR or the coordinating organisation department.")
        return [(f"{field}_first", "invalid_choice", message)]
    if len(set(sides)) != len(sides):
        message = _l("An approver appears twice in one tier.")
        return [(f"{field}_first", "repeated_approver", message)]
    return []


def _limit_reasons(field: str, limit: Decimal | None, previous: Decimal | None, last: bool):
    if limit is None:
        if last:
            return []
        return [(f"{field}_days", "open_before_last", _l("Only the last tier has no limit."))]
    if last:
        message = _l("Leave the last tier's limit empty: it covers any longer leave.")
        return [(f"{field}_days", "last_has_limit", message)]
    if limit <= 0 or (limit * 2) % 1:
        return [(f"{field}_days", "invalid_days", _l("Whole or half days, more than 0."))]
    if previous is not None and limit <= previous:
        message = _l("Each tier's limit must be longer than the one before.")
        return [(f"{field}_days", "limits_must_grow", message)]
    return []


def _check(n: int, tier: TierData, previous: Decimal | None, last: bool) -> list:
    field = f"tier{n}"
    reasons = _approver_reasons(field, tier)
    reasons += _limit_reasons(field, tier.up_to_days, previous, last)
    if not (tier.source or "").strip():
        reasons.append((f"{field}_source", "required", _l("Give the rule's source.")))
    return reasons


def set_tiers(programme, actor, tiers: list[TierData]) -> list[LeaveTier]:
    """Replace the programme's tiers (pending leave keeps the chain it was given)."""
    if not policy.can_manage_daily_rules(actor, programme):
        raise NotAllowed(_l("Only the coordinating organisation department sets these rules."))
    if not tiers:
        raise DomainError([("tier1_first", "required", _l("Give at least one tier."))])
    reasons, previous = [], None
    for n, tier in enumerate(tiers[:MAX_TIERS], 1):
        reasons += _check(n, tier, previous, n == len(tiers))
        previous = tier.up_to_days if tier.up_to_days is not None else previous
    if reasons:
        raise DomainError(reasons)
    before = [
        (str(t.up_to_days), t.approvers)
        for t in db.session.scalars(
            sa.select(LeaveTier).where(LeaveTier.programme_id == programme.id)
        )
    ]
    db.session.execute(sa.delete(LeaveTier).where(LeaveTier.programme_id == programme.id))
    rows = []
    for tier in tiers:
        sides = [s for s in tier.approvers if s] + [None, None]
        row = LeaveTier(
            programme_id=programme.id,
            up_to_days=tier.up_to_days,
            first_approver=sides[0],
            second_approver=sides[1],
            third_approver=sides[2],
            source=tier.source.strip(),
        )
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    record(
        "programme.leave_tiers",
        programme,
        actor=actor,
        changes={"leave_tiers": [before, [(str(t.up_to_days), t.approvers) for t in rows]]},
        summary=str(programme),
        districts=tuple(d.id for d in programme.districts[:2]),
    )
    return rows
