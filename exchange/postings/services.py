"""The posting status machine: every change of a posting's status happens here, and only here.

Each transition checks who may make it (``exchange.policy``), the rules
(``exchange.postings.rules``) and the posting's version (optimistic lock), writes an
audit event and flushes. Callers commit.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import partial

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import changes_of, record
from exchange.cadres.models import Cadre
from exchange.clock import today as clock_today
from exchange.dates import day_text
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.org.models import Department
from exchange.postings import inbox, rules
from exchange.postings.batch import ProposalBatch
from exchange.postings.models import (
    AGREED_STATUSES,
    TRANSITIONS,
    Posting,
    PostingStatus,
)
from exchange.programmes.models import Programme

CHANGED_MESSAGE = _l(
    "This posting changed since you opened it. Reload the page to see the change, then try again."
)
NOT_ALLOWED = _l("You may not do this to this posting.")


@dataclass(frozen=True)
class PostingProposal:
    cadre_id: int
    programme_id: int
    home_department_id: int
    home_position: str
    host_department_id: int
    host_position: str
    start_date: date
    planned_end_date: date
    portfolio: str = ""


def allowed_actions(user, posting: Posting) -> set[str]:
    """The actions ``user`` may take on ``posting`` now; pages show only these buttons."""
    may = {
        "accept": policy.can_accept_posting,
        "decline": policy.can_accept_posting,
        "start": policy.can_change_posting,
        "extend": policy.can_request_term_change,
        "end_early": policy.can_request_term_change,
        "cancel": policy.can_cancel_posting,
    }
    actions = {
        action
        for action, allowed in may.items()
        if posting.status in TRANSITIONS[action].sources and allowed(user, posting)
    }
    if clock_today() < posting.start_date:
        actions.discard("start")
    if any(c.is_open for c in posting.term_changes):
        actions -= {"extend", "end_early"}  # one term change at a time (term_changes)
    return actions


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed([(None, "not_allowed", NOT_ALLOWED)])


def _require_status(posting: Posting, action: str) -> None:
    """Refuse ``action`` unless the transition table allows it from the posting's status."""
    if posting.status not in TRANSITIONS[action].sources:
        raise DomainError(
            [
                (
                    None,
                    "wrong_status",
                    _l(
                        "A posting that is %(status)s cannot be %(action)s.",
                        status=PostingStatus(posting.status).label,
                        action=TRANSITIONS[action].done,
                    ),
                )
            ]
        )


def _move(posting: Posting, action: str) -> None:
    """Put the posting in the status ``action`` leads to."""
    target = TRANSITIONS[action].target
    assert target is not None, f"{action} keeps the status"
    posting.status = target


def _require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError([(field, "required", _l("Give a reason."))])
    return reason


def lock_posting(posting: Posting, expected_version: int | None) -> Posting:
    """Lock the posting's row (PostgreSQL) and refuse if it changed since the form was opened."""
    locked = db.session.scalars(
        sa.select(Posting)
        .where(Posting.id == posting.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError([("version", "stale", CHANGED_MESSAGE)])
    return locked


def _audit(action: str, posting: Posting, actor, changes: dict, summary: str = "") -> None:
    record(
        f"posting.{action}",
        posting,
        actor=actor,
        changes=changes,
        summary=summary or str(posting),
        districts=(posting.home_district_id, posting.host_district_id),
    )
    inbox.handed_over(action, posting)  # messages to the people concerned, in this transaction


def _term(posting: Posting, **overrides) -> rules.Term:
    term = rules.Term(
        cadre_id=posting.cadre_id,
        programme=posting.programme,
        home_district_id=posting.home_district_id,
        host_district_id=posting.host_district_id,
        start_date=posting.start_date,
        planned_end_date=posting.planned_end_date,
        posting_id=posting.id,
    )
    return replace(term, **overrides)


# Proposal -----------------------------------------------------------------------------


def _locked_cadre(cadre_id: int, batch: ProposalBatch | None) -> Cadre | None:
    # Lock the cadre first: two proposals for one cadre then run one after the other,
    # and the second sees the first in its overlap check.
    if batch is not None:
        return batch.cadre(cadre_id)
    return db.session.scalar(
        sa.select(Cadre)
        .where(Cadre.id == cadre_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def propose_posting(data: PostingProposal, actor, batch: ProposalBatch | None = None) -> Posting:
    """The home district proposes a posting of one of its cadres (拟派).

    ``batch`` (the import): the same checks, reading other postings and quotas from the
    batch's facts, and the posting written and audited with the batch's next flush.
    """
    cadre = _locked_cadre(data.cadre_id, batch)
    if cadre is None:
        raise DomainError([("cadre_id", "required", _l("Choose a cadre."))])
    _refuse_unless(policy.can_propose_posting(actor, cadre))
    programme = db.session.get(Programme, data.programme_id)
    home = db.session.get(Department, data.home_department_id)
    host = db.session.get(Department, data.host_department_id)
    missing = [
        (name, "required", message)
        for name, value, message in (
            ("programme_id", programme, _l("Choose a programme.")),
            ("home_department_id", home, _l("Choose the home department.")),
            ("host_department_id", host, _l("Choose the host department.")),
        )
        if value is None
    ]
    if missing or programme is None or home is None or host is None:
        raise DomainError(missing)
    if home.district_id != cadre.home_department.district_id and not policy.is_admin(actor):
        raise DomainError(
            [
                (
                    "home_department_id",
                    "other_district",
                    _l("The home department must be in the cadre's district."),
                )
            ]
        )
    term = rules.Term(
        cadre_id=cadre.id,
        programme=programme,
        home_district_id=home.district_id,
        host_district_id=host.district_id,
        start_date=data.start_date,
        planned_end_date=data.planned_end_date,
    )
    # Then the direction's quota: proposals in one direction count one after the other.
    rules.quota_of(term, lock=True)
    reasons = rules.check_proposal(term, batch.facts if batch is not None else None)
    if reasons:
        raise DomainError(reasons)
    posting = Posting(
        cadre=cadre,
        programme=programme,
        home_department=home,
        home_position=data.home_position.strip(),
        host_department=host,
        host_position=data.host_position.strip(),
        portfolio=(data.portfolio or "").strip(),
        start_date=data.start_date,
        planned_end_date=data.planned_end_date,
        status=PostingStatus.PROPOSED,
        proposed_by_id=getattr(actor, "id", None),
    )
    db.session.add(posting)
    changes = changes_of(posting)
    if batch is not None:
        batch.added(posting, partial(_audit, "propose", posting, actor, changes))
        return posting
    db.session.flush()
    _audit("propose", posting, actor, changes)
    return posting


# Host side's answer ---------------------------------------------------------------------


def accept_posting(posting: Posting, actor, expected_version: int | None) -> Posting:
    """The host district accepts (接收); the posting can then start. The quota is checked
    again: the agreed postings of the direction, with this one, must fit it now."""
    posting = lock_posting(posting, expected_version)
    _refuse_unless(policy.can_accept_posting(actor, posting))
    _require_status(posting, "accept")
    term = _term(posting)
    rules.quota_of(term, lock=True)
    reasons = rules.check_quota(term, statuses=AGREED_STATUSES)
    if reasons:
        raise DomainError(reasons)
    _move(posting, "accept")
    posting.decided_by_id = actor.id
    posting.decided_at = datetime.now(UTC)
    changes = changes_of(posting)
    db.session.flush()
    _audit("accept", posting, actor, changes)
    return posting


def decline_posting(posting: Posting, actor, reason: str, expected_version: int | None) -> Posting:
    posting = lock_posting(posting, expected_version)
    _refuse_unless(policy.can_accept_posting(actor, posting))
    _require_status(posting, "decline")
    posting.decision_reason = _require_reason(reason)
    _move(posting, "decline")
    posting.decided_by_id = actor.id
    posting.decided_at = datetime.now(UTC)
    changes = changes_of(posting)
    db.session.flush()
    _audit("decline", posting, actor, changes)
    return posting


# Running the term ---------------------------------------------------------------------


def _start(posting: Posting, actor) -> None:
    _move(posting, "start")
    changes = changes_of(posting)
    db.session.flush()
    _audit("start", posting, actor, changes)


def start_posting(posting: Posting, actor, expected_version: int | None = None) -> Posting:
    """Start an accepted posting on or after its start date (the daily job does it too)."""
    posting = lock_posting(posting, expected_version)
    _refuse_unless(policy.can_change_posting(actor, posting))
    _require_status(posting, "start")
    if clock_today() < posting.start_date:
        raise DomainError(
            [
                (
                    None,
                    "before_start",
                    _l(
                        "The posting cannot start before its start date %(date)s.",
                        date=day_text(posting.start_date),
                    ),
                )
            ]
        )
    _start(posting, actor)
    return posting


def cancel_posting(posting: Posting, actor, reason: str, expected_version: int | None) -> Posting:
    """Withdraw a posting before it starts: the proposing (home) side alone."""
    posting = lock_posting(posting, expected_version)
    _refuse_unless(policy.can_cancel_posting(actor, posting))
    _require_status(posting, "cancel")
    posting.decision_reason = _require_reason(reason)
    _move(posting, "cancel")
    changes = changes_of(posting)
    db.session.flush()
    _audit("cancel", posting, actor, changes)
    return posting


def _complete(posting: Posting, actor) -> None:
    _move(posting, "complete")
    posting.actual_end_date = posting.planned_end_date
    changes = changes_of(posting)
    db.session.flush()
    _audit("complete", posting, actor, changes)


def complete_posting(posting: Posting, actor, expected_version: int | None = None) -> Posting:
    """期满: an active posting whose planned end has passed is completed."""
    posting = lock_posting(posting, expected_version)
    _refuse_unless(policy.can_change_posting(actor, posting))
    _require_status(posting, "complete")
    if clock_today() <= posting.planned_end_date:
        raise DomainError(
            [
                (
                    None,
                    "not_ended",
                    _l(
                        "The posting runs until %(date)s; end it early instead.",
                        date=day_text(posting.planned_end_date),
                    ),
                )
            ]
        )
    _complete(posting, actor)
    return posting


def advance_postings(on_date: date) -> dict:
    """The daily job: start accepted postings due by ``on_date``, end those whose agreed
    early end has come, complete those past their end.

    Runs as the system (no acting user); returns how many of each it changed.
    """
    from exchange.postings.term_changes import end_due_postings  # it builds on this module

    counts = {"started": 0, "completed": 0}
    due = db.session.scalars(
        sa.select(Posting)
        .where(Posting.status.in_(TRANSITIONS["start"].sources), Posting.start_date <= on_date)
        .with_for_update()
        .order_by(Posting.id)
    ).all()
    for posting in due:
        _start(posting, None)
        counts["started"] += 1
    counts["ended_early"] = end_due_postings(on_date)
    over = db.session.scalars(
        sa.select(Posting)
        .where(
            Posting.status.in_(TRANSITIONS["complete"].sources),
            Posting.planned_end_date < on_date,
        )
        .with_for_update()
        .order_by(Posting.id)
    ).all()
    for posting in over:
        _complete(posting, None)
        counts["completed"] += 1
    return counts
