"""Recording a posting that ended before the system was in use (historic rounds, 历史批次).

Such a posting arrives already completed or ended early, so it cannot go through
proposal, acceptance and start. It is still checked against every rule a new posting
keeps (``rules``: districts, the programme's window, overlap, quota, term, career and
gap) and, because it has ended, it must not overlap any other posting of the cadre,
finished ones included. Like the rest of the status machine it flushes and records
the audit event; the caller commits. Used by the spreadsheet import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import changes_of, record
from exchange.cadres.models import Cadre
from exchange.clock import today
from exchange.dates import day_text
from exchange.errors_domain import DomainError, NotAllowed, Reason
from exchange.extensions import db
from exchange.org.models import Department
from exchange.postings import rules
from exchange.postings.models import FINISHED_STATUSES, Posting, PostingStatus
from exchange.programmes.models import Programme


@dataclass(frozen=True)
class HistoricPosting:
    cadre_id: int
    programme_id: int
    home_department_id: int
    home_position: str
    host_department_id: int
    host_position: str
    start_date: date
    planned_end_date: date
    status: str  # completed or ended_early
    actual_end_date: date | None = None
    end_reason: str = ""
    portfolio: str = ""


def _finished_overlap(term: rules.Term, end: date) -> list:
    others = db.session.scalars(
        sa.select(Posting).where(
            Posting.cadre_id == term.cadre_id,
            Posting.status.in_(FINISHED_STATUSES),
            Posting.start_date <= end,
            Posting.end_date >= term.start_date,
        )
    ).first()
    if others is None:
        return []
    return [
        Reason(
            "start_date",
            "overlaps_finished",
            _l(
                "Overlaps the posting %(posting)s (%(start)s – %(end)s).",
                posting=rules.describe(others),
                start=day_text(others.start_date),
                end=day_text(others.end_date),
            ),
        )
    ]


def _check_end(data: HistoricPosting) -> tuple[date, list]:
    reasons: list = []
    end = data.actual_end_date or data.planned_end_date
    if data.status == PostingStatus.COMPLETED:
        if data.actual_end_date and data.actual_end_date != data.planned_end_date:
            reasons.append(
                Reason(
                    "actual_end_date",
                    "completed_end",
                    _l("A completed posting ends on its planned end; use ended early otherwise."),
                )
            )
    elif data.status == PostingStatus.ENDED_EARLY:
        if data.actual_end_date is None:
            reasons.append(Reason("actual_end_date", "required", _l("Give the actual end.")))
        elif not data.start_date <= data.actual_end_date < data.planned_end_date:
            reasons.append(
                Reason(
                    "actual_end_date",
                    "early_end_outside",
                    _l("An early end lies between the start and the planned end."),
                )
            )
        if not (data.end_reason or "").strip():
            reasons.append(Reason("end_reason", "required", _l("Give a reason.")))
    else:
        reasons.append(
            Reason("status", "not_finished", _l("A historic posting is completed or ended early."))
        )
    if end >= today():
        reasons.append(
            Reason("actual_end_date", "not_ended", _l("A historic posting has ended before today."))
        )
    return end, reasons


def record_historic_posting(data: HistoricPosting, actor) -> Posting:
    """A finished posting of the past, checked like a proposal, recorded as it ended."""
    cadre = db.session.get(Cadre, data.cadre_id)
    if cadre is None:
        raise DomainError([Reason("cadre_id", "required", _l("Choose a cadre."))])
    if not policy.can_record_historic_posting(actor, cadre):
        raise NotAllowed([Reason(None, "not_allowed", _l("You may not do this to this posting."))])
    programme = db.session.get(Programme, data.programme_id)
    home = db.session.get(Department, data.home_department_id)
    host = db.session.get(Department, data.host_department_id)
    if programme is None or home is None or host is None:
        raise DomainError([Reason(None, "required", _l("Choose a programme."))])
    end, reasons = _check_end(data)
    term = rules.Term(
        cadre_id=cadre.id,
        programme=programme,
        home_district_id=home.district_id,
        host_district_id=host.district_id,
        start_date=data.start_date,
        planned_end_date=data.planned_end_date,
    )
    if home.district_id != cadre.home_department.district_id:
        reasons.append(
            Reason(
                "home_department_id",
                "other_district",
                _l("The home department must be in the cadre's district."),
            )
        )
    reasons += rules.check_proposal(term)
    if data.planned_end_date > data.start_date:
        reasons += _finished_overlap(term, end)
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
        actual_end_date=end,
        end_reason=(data.end_reason or "").strip()
        if data.status == PostingStatus.ENDED_EARLY
        else "",
        status=data.status,
        proposed_by_id=getattr(actor, "id", None),
    )
    db.session.add(posting)
    changes = changes_of(posting)
    db.session.flush()
    record(
        "posting.record_historic",
        posting,
        actor=actor,
        changes=changes,
        summary=str(posting),
        districts=(posting.home_district_id, posting.host_district_id),
    )
    return posting
