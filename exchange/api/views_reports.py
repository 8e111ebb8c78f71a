"""Reading reports (挂职日志 / 工作报告) with their comments."""

import sqlalchemy as sa

from exchange import policy
from exchange.api import bp
from exchange.api import schemas as s
from exchange.api.common import allow, load, shown, user
from exchange.api.paging import page_of
from exchange.reports.models import ReflectionLog
from exchange.reports.queries import load_report, readable_reports

ReportPage = s.page_of(s.ReportSchema, "ReportPage")


def report_detail(report: ReflectionLog) -> ReflectionLog:
    return shown(report)


@bp.get("/reports")
@bp.arguments(s.ReportArgs, location="query")
@bp.response(200, ReportPage)
def reports(args):
    """The reports the user may read (the report search's scope), words in ``q``."""
    allow(policy.can_search_reports)
    stmt = readable_reports(user(), args.get("q", "")).order_by(None)
    # The list shows no relations: leave out the page's eager loads.
    stmt = stmt.options(sa.orm.lazyload("*"))
    return page_of(stmt, ReflectionLog.id, args)


@bp.get("/reports/<int(max=2147483647):report_id>")
@bp.response(200, s.ReportDetailSchema)
def report(report_id: int):
    return report_detail(load(load_report(report_id), None, policy.can_view_report))
