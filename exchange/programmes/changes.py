"""Changes of a programme in force (issue 12): a member district proposes, every other party
confirms, and the last confirmation applies the change through ``save_programme``; any
party may decline, the proposer may withdraw, and the coordinating 组织部 (the admin)
applies a change directly with a reason."""

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.db import utcnow
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.notifications import handover
from exchange.programmes.models import (
    Programme,
    ProgrammeChangeRequest,
    ProgrammeChangeStatus,
)
from exchange.programmes.services import (
    ProgrammeData,
    record_for_members,
    save_programme,
    validate_programme,
)

# The scalar fields of the programme form, in the form's order.
FIELDS = (
    "name",
    "description",
    "agreement_date",
    "start_date",
    "end_date",
    "standard_term_months",
    "report_cadence_months",
    "team_leader",
)
DATES = frozenset({"agreement_date", "start_date", "end_date"})


def as_json(data: ProgrammeData) -> dict:
    """The form's data as JSON: dates as ISO strings, quotas keyed "home->host"."""
    out: dict = {}
    for name in FIELDS:
        value = getattr(data, name)
        out[name] = value.isoformat() if isinstance(value, date) else value
    out["district_ids"] = sorted(set(data.district_ids))
    out["quotas"] = {f"{h}->{t}": n for (h, t), n in sorted(data.quotas.items())}
    out["term_rules"] = {k: [v, s] for k, (v, s) in sorted(data.term_rules.items())}
    return out


def from_json(raw: dict) -> ProgrammeData:
    values: dict[str, Any] = {
        name: date.fromisoformat(raw[name]) if name in DATES and raw[name] else raw[name]
        for name in FIELDS
    }
    quotas = {}
    for key, limit in raw["quotas"].items():
        home, host = key.split("->")
        quotas[(int(home), int(host))] = limit
    rules = {kind: (value, source) for kind, (value, source) in raw["term_rules"].items()}
    return ProgrammeData(
        **values, district_ids=list(raw["district_ids"]), quotas=quotas, term_rules=rules
    )


def data_of(programme: Programme) -> ProgrammeData:
    """What the programme's form holds now."""
    return ProgrammeData(
        name=programme.name,
        description=programme.description,
        agreement_date=programme.agreement_date,
        start_date=programme.start_date,
        end_date=programme.end_date,
        standard_term_months=programme.standard_term_months,
        report_cadence_months=programme.report_cadence_months,
        team_leader=programme.team_leader,
        district_ids=[d.id for d in programme.districts],
        quotas={(q.home_district_id, q.host_district_id): q.max_postings for q in programme.quotas},
        term_rules={r.kind: (r.value, r.source) for r in programme.term_rules},
    )


def diff(old: ProgrammeData, new: ProgrammeData) -> dict:
    """Old → new per form field ("name", "quota_1_2", "rule_<kind>", "source_<kind>")."""
    before, after = as_json(old), as_json(new)
    changes = {
        name: [before[name], after[name]]
        for name in (*FIELDS, "district_ids")
        if before[name] != after[name]
    }
    for key in sorted(set(before["quotas"]) | set(after["quotas"])):
        pair = [before["quotas"].get(key), after["quotas"].get(key)]
        if pair[0] != pair[1]:
            changes["quota_" + key.replace("->", "_")] = pair
    for kind in sorted(set(before["term_rules"]) | set(after["term_rules"])):
        old_rule = before["term_rules"].get(kind) or [None, None]
        new_rule = after["term_rules"].get(kind) or [None, None]
        if old_rule[0] != new_rule[0]:
            changes[f"rule_{kind}"] = [old_rule[0], new_rule[0]]
        if (old_rule[1] or "") != (new_rule[1] or ""):
            changes[f"source_{kind}"] = [old_rule[1], new_rule[1]]
    return changes


def pending_change(programme: Programme) -> ProgrammeChangeRequest | None:
    return db.session.scalar(
        sa.select(ProgrammeChangeRequest).where(
            ProgrammeChangeRequest.programme_id == programme.id,
            ProgrammeChangeRequest.status == ProgrammeChangeStatus.PENDING,
        )
    )


def _reason_required(reason: str | None, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError([(field, "required", _l("Give the reason for the change."))])
    return reason


def _lock_and_check(programme: Programme, expected_version) -> None:
    db.session.refresh(programme, with_for_update=True)
    if expected_version not in (None, programme.version):
        message = _l("This programme changed since you opened it. Reload, then try again.")
        raise ConflictError([("version", "stale", message)])


def _check_change(change: ProgrammeChangeRequest, expected_version) -> None:
    db.session.refresh(change, with_for_update=True)
    if not change.is_pending:
        raise DomainError([(None, "not_pending", _l("This change request is no longer waiting."))])
    if expected_version not in (None, change.version):
        raise ConflictError(
            [
                (
                    "version",
                    "stale",
                    _l("This change request changed since you opened it. Reload, then try again."),
                )
            ]
        )


def _tell(change_or_programme, key: str, text, district_ids) -> None:
    programme = getattr(change_or_programme, "programme", change_or_programme)
    handover.tell(
        handover.hr_of(*district_ids),
        key,
        text,
        ("programmes.detail", {"programme_id": programme.id}),
    )


def _record(action: str, change: ProgrammeChangeRequest, actor, **extra) -> None:
    changes = {"request": [None, change.id], "reason": [None, change.reason], **extra}
    record_for_members(action, change.programme, actor, changes, change.party_ids)


def propose_programme_change(
    programme: Programme, data: ProgrammeData, actor, expected_version, reason
) -> ProgrammeChangeRequest:
    """A member district's HR proposes a change; nothing changes on the programme yet."""
    if not policy.can_propose_programme_change(actor, programme):
        raise NotAllowed([(None, "not_allowed", _l("You may not change this programme."))])
    _lock_and_check(programme, expected_version)
    if pending_change(programme) is not None:
        message = _l(
            "A change of this programme is already waiting for confirmation; it must be "
            "confirmed, declined or withdrawn first."
        )
        raise ConflictError([(None, "pending_request", message)])
    reason = _reason_required(reason)
    reasons = validate_programme(data, programme, actor)
    if reasons:
        raise DomainError(reasons)
    changes = diff(data_of(programme), data)
    if not changes:
        raise DomainError([(None, "unchanged", _l("The proposal changes nothing."))])
    parties = sorted({d.id for d in programme.districts} | set(data.district_ids))
    change = ProgrammeChangeRequest(
        programme=programme,
        proposed_by_id=actor.id,
        proposer_district_id=actor.district_id,
        programme_version=programme.version,
        proposed=as_json(data),
        changes=changes,
        party_ids=parties,
        confirmations={},
        reason=reason,
    )
    db.session.add(change)
    db.session.flush()
    _record("programme.change_proposed", change, actor, changes=[None, changes])
    _tell(
        change,
        f"programme_change.proposed:{change.id}",
        _l(
            "%(district)s proposes a change of the programme %(programme)s. "
            "Your confirmation is needed.",
            district=change.proposer_district.name,
            programme=programme.name,
        ),
        change.awaiting_ids,
    )
    return change


def confirm_programme_change(
    change: ProgrammeChangeRequest, actor, expected_version=None
) -> ProgrammeChangeRequest:
    """A party confirms; the last confirmation applies the change (validated again then)."""
    if not policy.can_confirm_programme_change(actor, change):
        raise NotAllowed([(None, "not_allowed", _l("You may not confirm this change."))])
    _check_change(change, expected_version)
    change.confirmations = {
        **change.confirmations,
        str(actor.district_id): {
            "user_id": actor.id,
            "name": str(actor),
            "at": utcnow().isoformat(timespec="seconds"),
        },
    }
    db.session.flush()
    _record("programme.change_confirmed", change, actor)
    if change.awaiting_ids:
        return change
    return _apply(change, actor)


def _apply(change: ProgrammeChangeRequest, actor) -> ProgrammeChangeRequest:
    programme = change.programme
    if programme.version != change.programme_version:
        message = _l(
            "The programme changed since this change was proposed; decline or withdraw it "
            "and propose it again."
        )
        raise ConflictError([(None, "programme_changed", message)])
    save_programme(
        programme,
        from_json(change.proposed),
        actor,
        change.programme_version,
        confirmed=True,
    )
    change.status = ProgrammeChangeStatus.APPLIED
    change.decided_by_id, change.decided_at = actor.id, utcnow()
    _bring_into_force(programme, actor, change.party_ids)
    db.session.flush()
    _record("programme.change_applied", change, actor, changes=[None, change.changes])
    _tell(
        change,
        f"programme_change.applied:{change.id}",
        _l(
            "Every member confirmed: the change of the programme %(programme)s is applied.",
            programme=programme.name,
        ),
        change.party_ids,
    )
    return change


def decline_programme_change(
    change: ProgrammeChangeRequest, actor, reason, expected_version=None
) -> ProgrammeChangeRequest:
    """A party (or the admin) declines with a reason: the request ends, nothing changes."""
    if not policy.can_decline_programme_change(actor, change):
        raise NotAllowed([(None, "not_allowed", _l("You may not decline this change."))])
    _check_change(change, expected_version)
    change.decision_reason = _reason_required(reason)
    change.status = ProgrammeChangeStatus.DECLINED
    change.decided_by_id, change.decided_at = actor.id, utcnow()
    db.session.flush()
    _record(
        "programme.change_declined", change, actor, decision_reason=[None, change.decision_reason]
    )
    _tell(
        change,
        f"programme_change.declined:{change.id}",
        _l(
            "The proposed change of the programme %(programme)s was declined.",
            programme=change.programme.name,
        ),
        change.party_ids,
    )
    return change


def withdraw_programme_change(
    change: ProgrammeChangeRequest, actor, expected_version=None
) -> ProgrammeChangeRequest:
    """The proposing district withdraws its waiting request."""
    if not policy.can_withdraw_programme_change(actor, change):
        raise NotAllowed([(None, "not_allowed", _l("You may not withdraw this change."))])
    _check_change(change, expected_version)
    change.status = ProgrammeChangeStatus.WITHDRAWN
    change.decided_by_id, change.decided_at = actor.id, utcnow()
    db.session.flush()
    _record("programme.change_withdrawn", change, actor)
    _tell(
        change,
        f"programme_change.withdrawn:{change.id}",
        _l(
            "The proposed change of the programme %(programme)s was withdrawn.",
            programme=change.programme.name,
        ),
        change.party_ids,
    )
    return change


def apply_programme_change_directly(
    programme: Programme, data: ProgrammeData, actor, expected_version, reason
) -> Programme:
    """The coordinating 组织部 changes a programme at once, with a reason every member sees."""
    if not policy.can_apply_programme_change_directly(actor, programme):
        raise NotAllowed([(None, "not_allowed", _l("You may not change this programme."))])
    reason = _reason_required(reason)
    before = data_of(programme)
    members_before = {d.id for d in programme.districts}
    save_programme(programme, data, actor, expected_version)
    parties = sorted(members_before | set(data.district_ids))
    _bring_into_force(programme, actor, parties)  # the coordinating 组织部 decides
    record_for_members(
        "programme.change_directly",
        programme,
        actor,
        {"reason": [None, reason], "changes": [None, diff(before, data)]},
        parties,
    )
    _tell(
        programme,
        f"programme_change.direct:{programme.id}.{programme.version}",
        _l(
            "The coordinating department changed the programme %(programme)s: %(reason)s",
            programme=programme.name,
            reason=reason,
        ),
        parties,
    )
    return programme


def _as_created(data: ProgrammeData) -> dict:
    """A new programme's fields as "old → new" from nothing, for its creation request."""
    after = as_json(data)
    changes = {
        name: [None, after[name]]
        for name in (*FIELDS, "district_ids")
        if after[name] not in (None, "", [])
    }
    for key, limit in after["quotas"].items():
        changes["quota_" + key.replace("->", "_")] = [None, limit]
    for kind, (value, source) in after["term_rules"].items():
        changes[f"rule_{kind}"] = [None, value]
        if source:
            changes[f"source_{kind}"] = [None, source]
    return changes


def _bring_into_force(programme: Programme, actor, parties) -> None:
    """A draft every party confirmed (or the admin decided) is in force from now."""
    if not programme.is_draft:
        return
    programme.is_draft = False
    db.session.flush()
    record_for_members("programme.in_force", programme, actor, {"is_draft": [True, False]}, parties)


def create_programme(
    data: ProgrammeData, actor, expected_version=None, reason: str | None = None
) -> Programme | ProgrammeChangeRequest:
    """A new programme. The admin's (the coordinating 组织部's) is in force at once; a
    member HR's is a draft, with a creation request every other member district confirms
    (or declines) like a change; until then no posting is proposed in it."""
    programme = save_programme(None, data, actor, expected_version)
    if policy.is_admin(actor) or set(data.district_ids) <= {actor.district_id}:
        return programme
    programme.is_draft = True
    change = ProgrammeChangeRequest(
        programme=programme,
        proposed_by_id=actor.id,
        proposer_district_id=actor.district_id,
        programme_version=programme.version,
        proposed=as_json(data),
        changes=_as_created(data),
        party_ids=sorted(set(data.district_ids)),
        confirmations={},
        reason=(reason or "").strip() or str(_l("A new programme, drafted.")),
    )
    db.session.add(change)
    db.session.flush()
    change.programme_version = programme.version
    _record("programme.change_proposed", change, actor, changes=[None, change.changes])
    _tell(
        change,
        f"programme_change.proposed:{change.id}",
        _l(
            "%(district)s drafted the programme %(programme)s. It comes into force once "
            "every member district confirms it.",
            district=change.proposer_district.name,
            programme=programme.name,
        ),
        change.awaiting_ids,
    )
    return change


def change_programme(
    programme: Programme, data: ProgrammeData, actor, expected_version, reason
) -> Programme | ProgrammeChangeRequest:
    """The edit form of a programme in force: the admin applies, a member HR proposes."""
    if policy.can_apply_programme_change_directly(actor, programme):
        return apply_programme_change_directly(programme, data, actor, expected_version, reason)
    return propose_programme_change(programme, data, actor, expected_version, reason)
