"""Report pages: my reports, the editor, detail with comments and remarks, search."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import policy
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from exchange.postings.queries import postings_of_cadre
from exchange.reports import bp, queries, schedule, services
from exchange.reports.forms import CommentForm, RemarkForm, ReportForm, SearchForm, SubmitForm
from exchange.reports.models import ReflectionLog, ReportKind
from exchange.reports.rendering import render_markdown
from exchange.web import nav
from exchange.web.access import requires
from exchange.web.actions import act
from exchange.web.loaders import load_allowed
from exchange.web.paging import keyset_page, list_page_size, read_cursor, wants_exact_count
from exchange.web.params import parse_date, parse_id

PER_PAGE = 25


nav.add("reports.mine", _l("My reports"), policy.is_cadre, order=15)
nav.add("reports.index", _l("Reports"), policy.lists_others_reports, order=40)


@bp.app_template_filter("markdown")
def markdown_filter(text: str):
    return render_markdown(text)


def get_report(report_id: int, allowed=policy.can_view_report) -> ReflectionLog:
    """The report: 404 when it does not exist, 403 unless ``allowed`` (to read, by default)."""
    return load_allowed(queries.load_report(report_id), allowed=allowed)


def _own_postings(writable_only=True) -> list[Posting]:
    postings = db.session.scalars(postings_of_cadre(current_user.cadre_id)).unique().all()
    if writable_only:
        postings = [p for p in postings if policy.can_write_report(current_user, p)]
    return sorted(postings, key=lambda p: p.start_date, reverse=True)


@bp.route("/reports/mine")
@requires(policy.is_cadre)
def mine():
    postings = _own_postings(writable_only=False)
    current = next((p for p in postings if p.status == PostingStatus.ACTIVE), None) or next(
        (p for p in postings if p.status == PostingStatus.ACCEPTED), None
    )
    return render_template(
        "reports/mine.html",
        current=current,
        postings=postings,
        schedules=schedule.compliance_for(postings),
        reports=db.session.scalars(queries.reports_of_author(current_user)).all(),
    )


@bp.route("/reports")
@requires(policy.can_search_reports)
def index():
    form = SearchForm(request.args)
    words = (form.q.data or "").strip() if form.validate() else ""
    problems: list = []
    listed = queries.readable_reports(current_user, words).options(*queries.LISTED)
    page = keyset_page(
        db.session,
        listed,
        queries.REPORT_ORDER,
        read_cursor("cursor", queries.REPORT_ORDER, problems),
        page_size=list_page_size(PER_PAGE),
        exact_count=wants_exact_count(),
        counted=queries.counted_reports(current_user, words),
        first_try=queries.newest_readable_reports(current_user, words).options(*queries.LISTED)
        if policy.is_hr(current_user)
        else None,
    )
    return render_template(
        "reports/index.html",
        form=form,
        words=words,
        page=page,
        args={"q": words} if words else {},
        problems=problems,
    ), (400 if problems else 200)


def _arg_date(name: str):
    return parse_date(request.args.get(name))


def _editor(form, report=None, parent=None):
    """The editor page as a failure renderer: ``status`` → (page, status)."""
    return lambda status: (
        render_template("reports/edit.html", form=form, report=report, parent=parent),
        status,
    )


def _preview(form, report=None, parent=None):
    """The 预览 button: the editor again with the typed text rendered; nothing is saved."""
    if request.method != "POST" or not request.form.get("preview"):
        return None
    return render_template(
        "reports/edit.html", form=form, report=report, parent=parent, preview=form.body.data or ""
    )


def _new_form(postings: list[Posting]) -> ReportForm:
    """First shown: the posting and kind asked for, and a schedule row's period if any."""
    form = ReportForm(postings=postings)
    if request.method == "GET":
        chosen = parse_id(request.args.get("posting_id"))
        posting = next((p for p in postings if p.id == chosen), postings[0])
        form.posting_id.data, form.version.data = posting.id, posting.version
        form.kind.data = request.args.get("kind") or ReportKind.MONTHLY
        form.period_start_date.data = _arg_date("period_start")
        form.period_end_date.data = form.report_date.data = _arg_date("period_end")
    return form


def _chosen(form: ReportForm, postings: list[Posting]) -> Posting:
    return next(p for p in postings if p.id == form.posting_id.data)


@bp.route("/reports/new", methods=["GET", "POST"])
@requires(policy.is_cadre)
def new():
    postings = _own_postings()
    if not postings:
        flash(_l("You have no posting to report on."), "warning")
        return redirect(url_for("reports.mine"))
    form = _new_form(postings)
    if (page := _preview(form)) is not None:
        return page
    return act(
        form,
        lambda: services.create_report(
            form.unchanged(_chosen(form, postings)), current_user, form.to_data()
        ),
        done=_l("Draft saved."),
        success=lambda report: url_for("reports.detail", report_id=report.id),
        failure=_editor(form),
    )


@bp.route("/reports/<int:report_id>")
@login_required
def detail(report_id: int):
    return _detail(get_report(report_id))


def _detail(report, status=200, **forms):
    opened = {"formdata": None, "version": report.version}
    forms.setdefault("comment_form", CommentForm(**opened))
    forms.setdefault("remark_form", RemarkForm(**opened))
    history = [r for r in services.history_of(report) if policy.can_view_report(current_user, r)]
    return (
        render_template(
            "reports/detail.html",
            report=report,
            history=history,
            comments=[c for c in report.comments if c.kind == "comment"],
            remarks=[c for c in report.comments if c.kind == "remark"],
            **forms,
        ),
        status,
    )


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def edit(report_id: int):
    report = get_report(report_id, policy.can_edit_report)
    form = ReportForm.of(report, postings=[report.posting])
    del form.posting_id
    if (page := _preview(form, report=report)) is not None:
        return page
    return act(
        form,
        lambda: services.update_report(report, current_user, form.to_data(), form.opened_version()),
        done=_l("Draft saved."),
        success=url_for("reports.detail", report_id=report.id),
        failure=_editor(form, report=report),
    )


@bp.route("/reports/<int:report_id>/submit", methods=["GET", "POST"])
@login_required
def submit(report_id: int):
    """GET asks for confirmation; POST submits the draft as the confirmation showed it."""
    report = get_report(report_id, policy.can_edit_report)
    form = SubmitForm.of(report)
    return act(
        form,
        lambda: services.submit_report(form.unchanged(report), current_user),
        done=_l("Report submitted."),
        success=url_for("reports.detail", report_id=report.id),
        failure=lambda status: (
            render_template("reports/submit.html", report=report, form=form),
            status,
        ),
    )


@bp.route("/reports/<int:report_id>/versions/new", methods=["GET", "POST"])
@login_required
def add_version(report_id: int):
    """A new version of, or addendum to, a submitted report."""
    parent = get_report(report_id, policy.can_add_version)
    form = ReportForm.of(parent, postings=[parent.posting])
    del form.posting_id
    if (page := _preview(form, parent=parent)) is not None:
        return page
    return act(
        form,
        lambda: services.add_version(form.unchanged(parent), current_user, form.to_data()),
        done=_l("New version saved as a draft."),
        success=lambda report: url_for("reports.detail", report_id=report.id),
        failure=_editor(form, parent=parent),
    )


@bp.post("/reports/<int:report_id>/comments")
@login_required
def comment(report_id: int):
    report = get_report(report_id, policy.can_comment_report)
    form = CommentForm()
    return act(
        form,
        lambda: services.add_comment(form.unchanged(report), current_user, form.body.data),
        done=_l("Comment added."),
        success=url_for("reports.detail", report_id=report_id) + "#comments-h",
        failure=lambda status: _detail(get_report(report_id), status, comment_form=form),
    )


@bp.post("/reports/<int:report_id>/remarks")
@login_required
def remark(report_id: int):
    report = get_report(report_id, policy.can_remark_report)
    form = RemarkForm()
    return act(
        form,
        lambda: services.add_remark(form.unchanged(report), current_user, form.body.data),
        done=_l("Remark added."),
        success=url_for("reports.detail", report_id=report_id) + "#remarks-h",
        failure=lambda status: _detail(get_report(report_id), status, remark_form=form),
    )
