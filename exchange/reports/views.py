"""Report pages: my reports, the editor, detail with comments and remarks, search."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import policy
from exchange.auth.forms import EmptyForm
from exchange.errors_domain import DomainError, refuse
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from exchange.postings.queries import postings_of_cadre
from exchange.reports import bp, queries, schedule, services
from exchange.reports.forms import CommentForm, RemarkForm, ReportForm, SearchForm
from exchange.reports.models import ReflectionLog, ReportKind
from exchange.reports.rendering import render_markdown
from exchange.web import nav

PER_PAGE = 25


def can_search_reports(user) -> bool:
    return any(f(user) for f in (policy.is_admin, policy.is_hr, policy.is_leader, policy.is_cadre))


nav.add("reports.mine", _l("My reports"), policy.is_cadre, order=15)
nav.add("reports.index", _l("Reports"), can_search_reports, order=40)


@bp.app_template_filter("markdown")
def markdown_filter(text: str):
    return render_markdown(text)


def get_report(report_id: int) -> ReflectionLog:
    """The report, or 404 when it does not exist and 403 when the user may not read it."""
    report = db.session.scalars(queries.load_report(report_id)).unique().one_or_none()
    if report is None:
        abort(404)
    policy.require(policy.can_view_report(current_user, report))
    return report


def _own_postings(scheduled_only=True) -> list[Posting]:
    if not policy.is_cadre(current_user):
        return []
    postings = db.session.scalars(postings_of_cadre(current_user.cadre_id)).unique().all()
    if scheduled_only:
        postings = [p for p in postings if p.is_reportable]
    return sorted(postings, key=lambda p: p.start_date, reverse=True)


@bp.route("/reports/mine")
@login_required
def mine():
    policy.require(policy.is_cadre(current_user))
    postings = _own_postings(scheduled_only=False)
    current = next((p for p in postings if p.status == PostingStatus.ACTIVE), None) or next(
        (p for p in postings if p.status == PostingStatus.ACCEPTED), None
    )
    schedules = schedule.compliance_for(postings)
    reports = db.session.scalars(queries.reports_of_author(current_user)).all()
    return render_template(
        "reports/mine.html",
        current=current,
        postings=postings,
        schedules=schedules,
        reports=reports,
    )


@bp.route("/reports")
@login_required
def index():
    policy.require(can_search_reports(current_user))
    form = SearchForm(request.args)
    words = (form.q.data or "").strip() if form.validate() else ""
    page = max(form.page.data or 1, 1) if not form.page.errors else 1
    pagination = db.paginate(
        queries.readable_reports(current_user, words),
        page=page,
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template("reports/index.html", form=form, words=words, pagination=pagination)


def _arg_date(name: str):
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _edit_response(form, template, status=200, **context):
    return render_template(template, form=form, **context), status


@bp.route("/reports/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require(policy.is_cadre(current_user))
    postings = _own_postings()
    if not postings:
        flash(_l("You have no posting to report on."), "warning")
        return redirect(url_for("reports.mine"))
    form = ReportForm(postings=postings)
    if request.method == "GET":
        form.posting_id.data = request.args.get("posting_id", type=int) or postings[0].id
        form.kind.data = request.args.get("kind") or ReportKind.MONTHLY
        # "Write" from a schedule row fills in that row's period.
        form.period_start_date.data = _arg_date("period_start")
        form.period_end_date.data = form.report_date.data = _arg_date("period_end")
    if form.validate_on_submit():
        posting = next(p for p in postings if p.id == form.posting_id.data)
        try:
            report = services.create_report(posting, current_user, form.to_data())
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(_l("Draft saved."), "success")
            return redirect(url_for("reports.detail", report_id=report.id))
    status = 400 if request.method == "POST" else 200
    return _edit_response(form, "reports/edit.html", status, report=None, parent=None)


@bp.route("/reports/<int:report_id>")
@login_required
def detail(report_id: int):
    report = get_report(report_id)
    return _detail(report)


def _detail(report, comment_form=None, remark_form=None, status=200):
    history = services.history_of(report)
    comments = [c for c in report.comments if c.kind == "comment"]
    remarks = [c for c in report.comments if c.kind == "remark"]
    return (
        render_template(
            "reports/detail.html",
            report=report,
            history=[r for r in history if policy.can_view_report(current_user, r)],
            comments=comments,
            remarks=remarks,
            comment_form=comment_form or CommentForm(),
            remark_form=remark_form or RemarkForm(),
        ),
        status,
    )


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def edit(report_id: int):
    report = get_report(report_id)
    policy.require(policy.can_edit_report(current_user, report))
    form = ReportForm(obj=report, postings=[report.posting])
    del form.posting_id
    if request.method == "GET":
        form.version.data = report.version
    if form.validate_on_submit():
        try:
            services.update_report(report, current_user, form.to_data(), form.expected_version())
        except DomainError as error:
            status = refuse(error, form)
            return _edit_response(form, "reports/edit.html", status, report=report, parent=None)
        db.session.commit()
        flash(_l("Draft saved."), "success")
        return redirect(url_for("reports.detail", report_id=report.id))
    status = 400 if request.method == "POST" else 200
    return _edit_response(form, "reports/edit.html", status, report=report, parent=None)


@bp.route("/reports/<int:report_id>/submit", methods=["GET", "POST"])
@login_required
def submit(report_id: int):
    """GET asks for confirmation; POST submits."""
    report = get_report(report_id)
    policy.require(policy.can_edit_report(current_user, report))
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            services.submit_report(report, current_user)
        except DomainError as error:
            db.session.rollback()
            for _field, _code, message in error.reasons:
                flash(message, "error")
            return redirect(url_for("reports.edit", report_id=report_id))
        db.session.commit()
        flash(_l("Report submitted."), "success")
        return redirect(url_for("reports.detail", report_id=report.id))
    status = 400 if request.method == "POST" else 200
    return render_template("reports/submit.html", report=report, form=form), status


@bp.route("/reports/<int:report_id>/versions/new", methods=["GET", "POST"])
@login_required
def add_version(report_id: int):
    """A new version of, or addendum to, a submitted report."""
    parent = get_report(report_id)
    policy.require(
        policy.is_cadre(current_user)
        and parent.author_id == current_user.id
        and parent.is_submitted
    )
    form = ReportForm(postings=[parent.posting])
    del form.posting_id
    if request.method == "GET":
        form.kind.data = parent.kind
        form.title.data = parent.title
        form.report_date.data = parent.report_date
        form.period_start_date.data = parent.period_start_date
        form.period_end_date.data = parent.period_end_date
        form.body.data = parent.body
        form.tags.data = parent.tags
    if form.validate_on_submit():
        try:
            report = services.add_version(parent, current_user, form.to_data())
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(_l("New version saved as a draft."), "success")
            return redirect(url_for("reports.detail", report_id=report.id))
    status = 400 if request.method == "POST" else 200
    return _edit_response(form, "reports/edit.html", status, report=None, parent=parent)


@bp.route("/reports/<int:report_id>/comments", methods=["POST"])
@login_required
def comment(report_id: int):
    report = get_report(report_id)
    policy.require(policy.can_comment_report(current_user, report))
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(report, current_user, form.body.data)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(_l("Comment added."), "success")
            return redirect(url_for("reports.detail", report_id=report_id) + "#comments-h")
    return _detail(report, comment_form=form, status=400)


@bp.route("/reports/<int:report_id>/remarks", methods=["POST"])
@login_required
def remark(report_id: int):
    report = get_report(report_id)
    policy.require(policy.can_remark_report(current_user, report))
    form = RemarkForm()
    if form.validate_on_submit():
        try:
            services.add_remark(report, current_user, form.body.data)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(_l("Remark added."), "success")
            return redirect(url_for("reports.detail", report_id=report_id) + "#remarks-h")
    return _detail(report, remark_form=form, status=400)
