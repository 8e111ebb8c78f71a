"""Creating and changing exchange programmes, with their quotas and term rules."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import flag_modified

from exchange import policy
from exchange.audit.services import changes_of, record
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.org.models import District
from exchange.programmes.models import Programme, Quota, TermRule, TermRuleKind


@dataclass(frozen=True)
class ProgrammeData:
    name: str
    start_date: date
    end_date: date
    standard_term_months: int
    report_cadence_months: int
    district_ids: list[int]
    description: str = ""
    agreement_date: date | None = None
    team_leader: str = ""
    # (home district id, host district id) -> max postings; absent means no quota.
    quotas: dict = field(default_factory=dict)
    # kind -> (value, source); absent means no such rule.
    term_rules: dict = field(default_factory=dict)


def _validate(data: ProgrammeData, programme: Programme | None) -> list:
    reasons = []
    if data.end_date <= data.start_date:
        reasons.append(("end_date", "before_start", _l("The window must end after it starts.")))
    if data.standard_term_months <= 0:
        reasons.append(
            ("standard_term_months", "too_small", _l("Give a term of at least one month."))
        )
    if data.report_cadence_months <= 0:
        reasons.append(
            ("report_cadence_months", "too_small", _l("Give a cadence of at least one month."))
        )
    if len(set(data.district_ids)) < 2:
        reasons.append(("district_ids", "too_few", _l("Choose at least two districts.")))
    clash = sa.select(Programme.id).where(Programme.name == data.name.strip())
    if programme is not None:
        clash = clash.where(Programme.id != programme.id)
    if db.session.scalar(clash):
        reasons.append(("name", "taken", _l("Another programme has this name.")))
    return reasons + _validate_members(data, programme) + _validate_limits(data)


def _validate_members(data: ProgrammeData, programme: Programme | None) -> list:
    """A member district leaves only when none of its postings in the programme is unfinished."""
    from exchange.postings.models import HOLDING_STATUSES, Posting

    if programme is None:
        return []
    leaving = {d.id for d in programme.districts} - set(data.district_ids)
    if not leaving:
        return []
    busy = db.session.scalars(
        sa.select(District.name)
        .where(
            District.id.in_(leaving),
            sa.exists().where(
                Posting.programme_id == programme.id,
                Posting.status.in_(HOLDING_STATUSES),
                sa.or_(
                    Posting.home_district_id == District.id,
                    Posting.host_district_id == District.id,
                ),
            ),
        )
        .order_by(District.name)
    ).all()
    if not busy:
        return []
    return [
        (
            "district_ids",
            "has_postings",
            _l(
                "%(districts)s cannot leave the programme: it has postings in it that are not finished.",
                districts="、".join(busy),
            ),
        )
    ]


def _validate_limits(data: ProgrammeData) -> list:
    reasons = []
    members = set(data.district_ids)
    for (home, host), limit in data.quotas.items():
        if home not in members or host not in members:
            reasons.append(
                (
                    f"quota_{home}_{host}",
                    "not_member",
                    _l("Both districts must take part in the programme."),
                )
            )
        elif limit < 0:
            reasons.append((f"quota_{home}_{host}", "negative", _l("A quota cannot be negative.")))
    for kind, (value, _source) in data.term_rules.items():
        if value < 0:
            reasons.append((f"rule_{kind}", "negative", _l("A limit cannot be negative.")))
        elif kind == TermRuleKind.ANNUAL_GRADE_BY_HOST and value not in (0, 1):
            reasons.append((f"rule_{kind}", "zero_or_one", _l("Give 0 or 1.")))
    return reasons


def _apply_quotas(programme: Programme, data: ProgrammeData) -> None:
    existing = {(q.home_district_id, q.host_district_id): q for q in programme.quotas}
    for key, quota in existing.items():
        if key not in data.quotas:
            programme.quotas.remove(quota)
    for (home, host), limit in data.quotas.items():
        if (home, host) in existing:
            existing[(home, host)].max_postings = limit
        else:
            programme.quotas.append(
                Quota(home_district_id=home, host_district_id=host, max_postings=limit)
            )


def _apply_term_rules(programme: Programme, data: ProgrammeData) -> None:
    rules = {r.kind: r for r in programme.term_rules}
    for kind in TermRuleKind:
        wanted = data.term_rules.get(kind.value)
        if wanted is None and kind.value in rules:
            programme.term_rules.remove(rules[kind.value])
        elif wanted is not None:
            rule = rules.get(kind.value) or TermRule(kind=kind.value)
            rule.value, rule.source = wanted[0], wanted[1].strip()
            if kind.value not in rules:
                programme.term_rules.append(rule)


def validate_programme(data: ProgrammeData, programme: Programme | None, actor=None) -> list:
    """The reasons ``data`` cannot be saved (HR ``actor``: its own district must take part)."""
    reasons = _validate(data, programme)
    if policy.is_hr(actor) and actor.district_id not in data.district_ids:
        reasons.append(("district_ids", "own_district", _l("Your own district must take part.")))
    return reasons


def save_programme(
    programme: Programme | None,
    data: ProgrammeData,
    actor,
    expected_version=None,
    *,
    confirmed: bool = False,
):
    """Create (``programme`` None) or update a programme; HR must take part in it.

    A member HR's change of a programme in force goes through ``changes.py``: proposed,
    confirmed by every other member, then applied here (``confirmed``); only the admin
    changes one directly.

    An update locks the programme's row first (PostgreSQL) and reloads it, so two saves of
    one programme run one after the other: the second finds the version moved on (409)."""
    # ``confirmed``: applying a change request every party confirmed (changes.py checked the
    # confirmer, who may be a district the change adds, not yet a member).
    if not (confirmed or policy.can_manage_programme(actor, programme)):
        raise NotAllowed([(None, "not_allowed", _l("You may not change this programme."))])
    if not (
        programme is None
        or confirmed
        or policy.can_apply_programme_change_directly(actor, programme)
    ):
        message = _l(
            "A member district's change of a programme in force is proposed to the other "
            "members, and applies once they confirm it."
        )
        raise NotAllowed([(None, "propose_instead", message)])
    if programme is not None:
        db.session.refresh(programme, with_for_update=True)
    stale = programme is not None and expected_version not in (None, programme.version)
    if stale:
        message = _l("This programme changed since you opened it. Reload, then try again.")
        raise ConflictError([("version", "stale", message)])
    reasons = validate_programme(data, programme, None if confirmed else actor)
    if reasons:
        raise DomainError(reasons)
    creating = programme is None
    if programme is None:
        programme = Programme()
        db.session.add(programme)
    programme.name = data.name.strip()
    programme.description = data.description.strip()
    programme.agreement_date = data.agreement_date
    programme.start_date = data.start_date
    programme.end_date = data.end_date
    programme.standard_term_months = data.standard_term_months
    programme.report_cadence_months = data.report_cadence_months
    programme.team_leader = data.team_leader.strip()
    programme.districts = list(
        db.session.scalars(sa.select(District).where(District.id.in_(data.district_ids)))
    )
    changes = changes_of(programme)
    _apply_quotas(programme, data)
    _apply_term_rules(programme, data)
    changes["quotas"] = [None, {f"{h}->{t}": n for (h, t), n in data.quotas.items()}]
    changes["term_rules"] = [None, {k: v for k, (v, _s) in data.term_rules.items()}]
    flag_modified(programme, "name")  # a change of quotas or rules alone moves the version too
    db.session.flush()
    record_for_members(
        "programme.create" if creating else "programme.update", programme, actor, changes
    )
    return programme


def record_for_members(
    action: str, programme: Programme, actor, changes: dict, district_ids=None
) -> None:
    """Audit ``action`` against every member district (or ``district_ids``): an event holds
    two districts, so the members go two by two, and each member's HR finds the event in
    its audit view."""
    members = (
        list(district_ids) if district_ids is not None else [d.id for d in programme.districts]
    )
    for i in range(0, len(members), 2):
        record(
            action,
            programme,
            actor=actor,
            changes=changes,
            summary=programme.name,
            districts=tuple(members[i : i + 2]),
        )
