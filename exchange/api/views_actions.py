"""Changes through the API: the same service functions as the pages' forms.

Each write names the version it read (body ``version`` or ``If-Match``); the record is
checked against it before the service runs (which locks the row and checks again), so a
stale write changes nothing: 409, or 412 for If-Match.
"""

from collections.abc import Callable

from exchange import policy
from exchange.api import bp
from exchange.api import schemas as s
from exchange.api.common import load, perform, user
from exchange.api.etags import Expected
from exchange.api.views_daily import leave_query
from exchange.api.views_postings import posting_detail
from exchange.api.views_reports import report_detail
from exchange.leave import services as leave_services
from exchange.leave.models import Leave
from exchange.postings import services, term_changes
from exchange.postings.models import Posting
from exchange.postings.queries import load_posting
from exchange.reports import services as report_services
from exchange.reports.queries import load_report

# action -> (who may try it, the service call on (posting, actor, body, version))
POSTING_ACTIONS: dict[str, tuple[Callable, Callable]] = {
    "accept": (
        policy.can_accept_posting,
        lambda p, a, b, v: services.accept_posting(p, a, v),
    ),
    "decline": (
        policy.can_accept_posting,
        lambda p, a, b, v: services.decline_posting(p, a, b["reason"], v),
    ),
    "start": (
        policy.can_change_posting,
        lambda p, a, b, v: services.start_posting(p, a, v),
    ),
    "extend": (  # a request the other side consents to (the admin: applied at once)
        policy.can_request_term_change,
        lambda p, a, b, v: term_changes.extend_posting(p, a, b.get("new_end_date"), b["reason"], v),
    ),
    "end-early": (
        policy.can_request_term_change,
        lambda p, a, b, v: term_changes.end_posting_early(
            p, a, b.get("end_date"), b["reason"], v, category=b.get("category"), kind=b["kind"]
        ),
    ),
    "cancel": (
        policy.can_cancel_posting,
        lambda p, a, b, v: services.cancel_posting(p, a, b["reason"], v),
    ),
}


def _posting_action(action: str):
    allowed, call = POSTING_ACTIONS[action]

    def view(body, posting_id: int):
        posting = load(load_posting(posting_id), None, allowed)
        expected = Expected(body.get("version"))
        expected.check(posting)
        perform(expected, lambda: call(posting, user(), body, expected.version))
        return posting_detail(load(load_posting(posting_id)))

    view.__name__ = f"posting_{action.replace('-', '_')}"
    view.__doc__ = f"{action}: the same service as the posting page's button."
    return view


for _action in POSTING_ACTIONS:
    bp.post(f"/postings/<int(max=2147483647):posting_id>/actions/{_action}")(
        bp.arguments(s.PostingActionBody)(
            bp.response(200, s.PostingDetailSchema)(_posting_action(_action))
        )
    )


@bp.post("/reports/<int(max=2147483647):report_id>/actions/submit")
@bp.arguments(s.VersionBody)
@bp.response(200, s.ReportDetailSchema)
def report_submit(body, report_id: int):
    """Submit a draft (its author): the same service as the report page."""
    report = load(load_report(report_id), None, policy.can_view_report)
    expected = Expected(body.get("version"))
    expected.check(report)
    perform(expected, lambda: report_services.submit_report(report, user()))
    return report_detail(load(load_report(report_id)))


@bp.post("/reports/<int(max=2147483647):report_id>/comments")
@bp.arguments(s.CommentBody)
@bp.response(201, s.ReportDetailSchema)
def report_comment(body, report_id: int):
    """A comment (点评) or leadership's remark (批示) on a submitted report."""
    report = load(load_report(report_id), None, policy.can_view_report)
    expected = Expected(body.get("version"))
    expected.check(report)
    add = report_services.add_remark if body["kind"] == "remark" else report_services.add_comment
    perform(expected, lambda: add(report, user(), body["body"]))
    return report_detail(load(load_report(report_id)))


@bp.post("/postings/<int(max=2147483647):posting_id>/leave")
@bp.arguments(s.LeaveRequestBody)
@bp.response(201, s.LeaveSchema)
def leave_request(body, posting_id: int):
    """The official asks for leave during their posting."""
    posting = load(Posting, posting_id, policy.can_request_leave)
    data = leave_services.LeaveRequest(**body)
    leave = perform(None, lambda: leave_services.request_leave(posting, user(), data))
    return load(leave_query(leave.id))


def _decide(leave_id: int, body: dict, approve: bool):
    leave = load(leave_query(leave_id), None, policy.is_leave_approver)
    expected = Expected(body.get("version"))
    expected.check(leave)
    perform(
        expected,
        lambda: leave_services.decide_leave(
            leave, user(), approve, body["reason"], expected.version
        ),
    )
    return load(leave_query(leave_id))


@bp.post("/leave/<int(max=2147483647):leave_id>/actions/approve")
@bp.arguments(s.LeaveDecisionBody)
@bp.response(200, s.LeaveSchema)
def leave_approve(body, leave_id: int):
    """The current step's approver approves."""
    return _decide(leave_id, body, True)


@bp.post("/leave/<int(max=2147483647):leave_id>/actions/decline")
@bp.arguments(s.LeaveDecisionBody)
@bp.response(200, s.LeaveSchema)
def leave_decline(body, leave_id: int):
    """The current step's approver declines, with a reason."""
    return _decide(leave_id, body, False)


@bp.post("/leave/<int(max=2147483647):leave_id>/actions/withdraw")
@bp.arguments(s.VersionBody)
@bp.response(200, s.LeaveSchema)
def leave_withdraw(body, leave_id: int):
    """The official withdraws a pending request."""
    leave: Leave = load(leave_query(leave_id), None, policy.can_withdraw_leave)
    expected = Expected(body.get("version"))
    expected.check(leave)
    perform(expected, lambda: leave_services.withdraw_leave(leave, user(), expected.version))
    return load(leave_query(leave_id))
