"""Import pages: templates to download, upload and preview, confirm or discard."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import policy
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.imports import bp, services
from exchange.imports.forms import ImportUploadForm
from exchange.imports.models import ImportKind, ImportRun, ImportStatus
from exchange.imports.runner import PROBLEM
from exchange.imports.workbook import template_workbook
from exchange.web import nav
from exchange.web.actions import act
from exchange.web.forms import EmptyForm
from exchange.web.loaders import load_allowed, load_or_404
from exchange.web.params import parse_page

PER_PAGE = 100
TEMPLATE_NAMES = {
    ImportKind.CADRES: "干部导入模板",
    ImportKind.POSTINGS: "挂职导入模板",
    ImportKind.APPRAISALS: "年度考核结果导入模板",
}

nav.add("imports.index", _l("Import"), policy.can_import, order=45)


@bp.before_app_request
def _upload_limit():
    if request.endpoint == "imports.upload":
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"] + 64 * 1024


def _kind(kind: str) -> ImportKind:
    try:
        return ImportKind(kind)
    except ValueError:
        abort(404)


def _index(form=None, kind=None, status=200):
    policy.require(policy.can_import(current_user))
    runs = db.session.scalars(
        sa.select(ImportRun)
        .where(policy.import_scope(current_user))
        .order_by(ImportRun.created_at.desc(), ImportRun.id.desc())
        .limit(20)
    ).all()
    forms = {k: ImportUploadForm(formdata=None, prefix=k.value) for k in ImportKind}
    if form is not None:
        forms[kind] = form
    return render_template(
        "imports/index.html", kinds=list(ImportKind), forms=forms, runs=runs
    ), status


@bp.route("/imports")
@login_required
def index():
    return _index()


@bp.route("/imports/<kind>/template.xlsx")
@login_required
def template(kind: str):
    member = _kind(kind)
    policy.require(policy.can_import(current_user, member))
    data = template_workbook(services.IMPORTERS[member].template_columns(), TEMPLATE_NAMES[member])
    response = current_app.response_class(
        data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"{TEMPLATE_NAMES[member]}.xlsx"
    )
    return response


@bp.post("/imports/<kind>")
@login_required
def upload(kind: str):
    member = _kind(kind)
    policy.require(policy.can_import(current_user, member))
    form = ImportUploadForm(prefix=member.value)
    return act(
        form,
        lambda: services.stage_import(
            member, form.file.data.filename, form.file.data.stream, current_user
        ),
        success=lambda run_: url_for("imports.preview", run_id=run_.id),
        failure=lambda status: _index(form, member, status),
    )


@bp.route("/imports/runs/<int:run_id>")
@login_required
def preview(run_id: int):
    run_ = load_allowed(ImportRun, run_id, policy.can_view_import)
    only_problems = request.args.get("only") == "problems"
    rows = [r for r in run_.rows if r["action"] == PROBLEM] if only_problems else run_.rows
    page = parse_page(request.args.get("page"))
    pages = max((len(rows) + PER_PAGE - 1) // PER_PAGE, 1)
    page = min(page, pages)
    return render_template(
        "imports/preview.html",
        run=run_,
        rows=rows[(page - 1) * PER_PAGE : page * PER_PAGE],
        page=page,
        pages=pages,
        only_problems=only_problems,
        earlier=services.earlier_imports(run_),
        form=EmptyForm(formdata=None),
        statuses=ImportStatus,
    )


@bp.post("/imports/runs/<int:run_id>/confirm")
@login_required
def confirm(run_id: int):
    run_ = load_allowed(ImportRun, run_id, policy.can_view_import)
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("imports.preview", run_id=run_id))
    try:
        outcome = services.confirm_import(run_, current_user)
    except services.ImportHasProblems as error:
        db.session.rollback()
        services.refresh_preview(load_or_404(ImportRun, run_id), error.outcome)
        db.session.commit()
        flash(str(error.reasons[0].message), "danger")
        return redirect(url_for("imports.preview", run_id=run_id, only="problems"))
    except DomainError as error:
        db.session.rollback()
        policy.require(not isinstance(error, NotAllowed))
        flash(str(error.reasons[0].message), "danger")
        return redirect(url_for("imports.preview", run_id=run_id))
    db.session.commit()
    counts = outcome.counts
    flash(
        _l(
            "Imported: %(create)d new, %(update)d updated, %(skip)d unchanged.",
            create=counts["create"],
            update=counts["update"],
            skip=counts["skip"],
        ),
        "success",
    )
    return redirect(url_for("imports.preview", run_id=run_id))


@bp.post("/imports/runs/<int:run_id>/discard")
@login_required
def discard(run_id: int):
    run_ = load_allowed(ImportRun, run_id, policy.can_view_import)
    form = EmptyForm()
    return act(
        form,
        lambda: services.discard_import(run_, current_user),
        done=_l("The import was discarded; nothing was written."),
        success=url_for("imports.index"),
        failure=lambda status: redirect(url_for("imports.preview", run_id=run_id)),
    )
