"""Creating and editing records through the API: a report's draft, its edits and new
versions, and a posting's proposal — the same service functions (and so the same policy
predicates and rules) as the report editor and the propose page.
"""

from exchange import policy
from exchange.api import bp
from exchange.api import schemas as s
from exchange.api.common import allow, load, perform, user
from exchange.api.errors import STATUS
from exchange.api.etags import Expected
from exchange.api.views_postings import posting_detail
from exchange.api.views_reports import report_detail
from exchange.errors_domain import DomainError
from exchange.extensions import db
from exchange.postings import services as posting_services
from exchange.postings.models import Posting
from exchange.postings.queries import load_posting
from exchange.reports import services as report_services
from exchange.reports.models import ReflectionLog
from exchange.reports.queries import load_report

REPORT_FIELDS = ("kind", "title", "report_date", "body", "period_start_date", "period_end_date")
NO_POSTING = STATUS[404][1]  # "The record or address does not exist."


def _report_data(body: dict, report: ReflectionLog | None = None) -> report_services.ReportData:
    """The body as the editor's data; what an edit leaves out stays as the report has it."""
    values = {name: getattr(report, name) for name in (*REPORT_FIELDS, "tags")} if report else {}
    values.update((name, body[name]) for name in (*REPORT_FIELDS, "tags") if name in body)
    values.setdefault("tags", "")
    return report_services.ReportData(**values)


def _posting_named(posting_id: int) -> Posting:
    """The posting a body names: a missing one is a refusal of that field, not a 404."""
    posting = db.session.get(Posting, posting_id)
    if posting is None:
        raise DomainError([("posting_id", "not_found", NO_POSTING)])
    return posting


@bp.post("/reports")
@bp.arguments(s.ReportCreateBody)
@bp.response(201, s.ReportDetailSchema)
def report_create(body):
    """The official files a draft on their own posting (the report editor's service)."""
    posting = _posting_named(body["posting_id"])
    report = perform(
        None, lambda: report_services.create_report(posting, user(), _report_data(body))
    )
    return report_detail(load(load_report(report.id)))


@bp.patch("/reports/<int(max=2147483647):report_id>")
@bp.arguments(s.ReportEditBody)
@bp.response(200, s.ReportDetailSchema)
def report_edit(body, report_id: int):
    """Edit a draft (its author); fields left out stay. A submitted report is refused:
    add a version instead."""
    report = load(load_report(report_id), None, policy.can_view_report)
    expected = Expected(body.get("version"))
    expected.check(report)
    data = _report_data(body, report)
    perform(
        expected,
        lambda: report_services.update_report(report, user(), data, expected.version),
    )
    return report_detail(load(load_report(report_id)))


@bp.post("/reports/<int(max=2147483647):report_id>/versions")
@bp.arguments(s.ReportVersionBody)
@bp.response(201, s.ReportDetailSchema)
def report_add_version(body, report_id: int):
    """A new version of, or addendum to, a submitted report: a new draft; the original stays."""
    report = load(load_report(report_id), None, policy.can_view_report)
    expected = Expected(body.get("version"))
    expected.check(report)
    added = perform(
        expected, lambda: report_services.add_version(report, user(), _report_data(body))
    )
    return report_detail(load(load_report(added.id)))


@bp.post("/postings")
@bp.arguments(s.PostingProposalBody)
@bp.response(201, s.PostingDetailSchema)
def posting_propose(body):
    """HR of the cadre's home district proposes a posting (拟派); the host side answers."""
    allow(policy.can_propose_posting)
    proposal = posting_services.PostingProposal(**body)
    posting = perform(None, lambda: posting_services.propose_posting(proposal, user()))
    return posting_detail(load(load_posting(posting.id)))
