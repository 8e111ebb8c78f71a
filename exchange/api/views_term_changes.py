"""Term changes (延期, 提前结束, 召回) through the API: read one, and answer it.

A side asks through the posting's ``extend`` / ``end-early`` actions; the other side
(or the admin in its place) agrees or declines here, and the side that asked may
withdraw. The same services and predicates as the posting page's buttons. Each answer
names the request's version (body ``version`` or ``If-Match`` with the ETag of
``GET /api/v1/term-changes/<id>``); a stale one changes nothing (409, or 412).
"""

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import policy
from exchange.api import bp
from exchange.api import schemas as s
from exchange.api.common import load, perform, shown, user
from exchange.api.etags import Expected
from exchange.postings import term_changes
from exchange.postings.models import TermChangeRequest

# answer -> (who may give it while the request waits, the service call)
ANSWERS: dict[str, tuple[Callable, Callable]] = {
    "agree": (
        policy.can_consent_term_change,
        lambda c, a, b, v: term_changes.agree_term_change(c, a, b["note"], v),
    ),
    "decline": (
        policy.can_consent_term_change,
        lambda c, a, b, v: term_changes.decline_term_change(c, a, b["reason"], v),
    ),
    "withdraw": (
        policy.can_withdraw_term_change,
        lambda c, a, b, v: term_changes.withdraw_term_change(c, a, v),
    ),
}

COLUMNS = [name for name in s.TermChangeSchema._declared_fields if name != "actions"]


def term_change_out(change: TermChangeRequest) -> dict:
    """The request as the API shows it, with the answers the user may give now."""
    data = {name: getattr(change, name) for name in COLUMNS}
    data["actions"] = [
        answer for answer, (allowed, _call) in ANSWERS.items() if allowed(user(), change)
    ]
    return data


def _query(change_id: int):
    return (
        sa.select(TermChangeRequest)
        .where(TermChangeRequest.id == change_id)
        .options(joinedload(TermChangeRequest.posting))
    )


def _may_view(user, change: TermChangeRequest) -> bool:
    return policy.can_view_term_changes(user, change.posting)


def _answer(answer: str, body: dict, change_id: int) -> dict:
    """404, 403 unless the user sees the posting (and, while the request waits, may give
    this answer), then the version; a request answered already is the service's 422."""
    allowed, call = ANSWERS[answer]
    change: TermChangeRequest = load(_query(change_id), None, _may_view)
    if change.is_pending:
        policy.require(allowed(user(), change))
    expected = Expected(body.get("version"))
    expected.check(change)
    perform(expected, lambda: call(change, user(), body, expected.version))
    return term_change_out(load(_query(change_id)))


@bp.get("/term-changes/<int(max=2147483647):change_id>")
@bp.response(200, s.TermChangeSchema)
def term_change(change_id: int):
    """A term change of a posting the user may see; its ETag names its version."""
    return term_change_out(shown(load(_query(change_id), None, _may_view)))


@bp.post("/term-changes/<int(max=2147483647):change_id>/actions/agree")
@bp.arguments(s.AgreeBody)
@bp.response(200, s.TermChangeSchema)
def term_change_agree(body, change_id: int):
    """The other side consents (the admin may decide in its place, with a note); the change
    reaches the posting (an early end ahead: on its day)."""
    return _answer("agree", body, change_id)


@bp.post("/term-changes/<int(max=2147483647):change_id>/actions/decline")
@bp.arguments(s.ReasonBody)
@bp.response(200, s.TermChangeSchema)
def term_change_decline(body, change_id: int):
    """The other side (or the admin) declines, with a reason; the posting stays as it is."""
    return _answer("decline", body, change_id)


@bp.post("/term-changes/<int(max=2147483647):change_id>/actions/withdraw")
@bp.arguments(s.VersionBody)
@bp.response(200, s.TermChangeSchema)
def term_change_withdraw(body, change_id: int):
    """The side that asked takes its waiting request back."""
    return _answer("withdraw", body, change_id)
