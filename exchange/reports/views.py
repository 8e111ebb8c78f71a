from flask import abort, render_template
from flask_login import current_user, login_required

from exchange import policy
from exchange.extensions import db
from exchange.reports import bp
from exchange.reports.models import ReflectionLog


def get_report(report_id: int) -> ReflectionLog:
    """The report, or 404 when it does not exist and 403 when the user may not read it."""
    report = db.session.get(ReflectionLog, report_id)
    if report is None:
        abort(404)
    policy.require(policy.can_view_report(current_user, report))
    return report


@bp.route("/reports/<int:report_id>")
@login_required
def detail(report_id: int):
    report = get_report(report_id)
    return render_template("reports/detail.html", report=report)
