"""Deleting a posting proposal that the host district has not answered yet.

A proposal typed in error (the wrong cadre, a duplicate) is withdrawn from the record
instead of being cancelled, which keeps it. Only the proposing side does it, only while
the posting is proposed, and always for a reason kept in the audit trail. Whatever hangs
on the posting (its attachments and their files) goes with it: features that keep such
things listen for the deletion (``exchange.attachments.cleanup``).
"""

from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import record
from exchange.errors_domain import DomainError, NotAllowed, Reason
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.postings.services import lock_posting


def delete_proposal(posting: Posting, actor, reason: str, expected_version: int | None) -> None:
    posting = lock_posting(posting, expected_version)
    if not policy.can_delete_proposal(actor, posting):
        raise NotAllowed(
            [
                Reason(
                    None,
                    "not_allowed",
                    _l("Only an unanswered proposal can be deleted, by its home side."),
                )
            ]
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError([Reason("reason", "required", _l("Give a reason."))])
    record(
        "posting.delete",
        posting,
        actor=actor,
        changes={
            "reason": [None, reason],
            "cadre_id": [posting.cadre_id, None],
            "host_department_id": [posting.host_department_id, None],
            "start_date": [posting.start_date.isoformat(), None],
            "planned_end_date": [posting.planned_end_date.isoformat(), None],
        },
        summary=str(posting),
        districts=(posting.home_district_id, posting.host_district_id),
    )
    db.session.delete(posting)
    db.session.flush()
