"""Upload a ``.lrmx`` (or a programme's zip of them), get it back patched; nothing is kept."""

from __future__ import annotations

from io import BytesIO

import sqlalchemy as sa
from flask import current_app, render_template, request, send_file
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import RequestEntityTooLarge

from exchange import policy
from exchange.cadres.models import Cadre
from exchange.documents.resume import configured_separator
from exchange.errors_domain import DomainError, apply_to_form, refuse
from exchange.extensions import db
from exchange.lrmx import bp, sections, services  # noqa: F401 (sections registers)
from exchange.lrmx.forms import LrmxForm, LrmxZipForm
from exchange.org.models import Department
from exchange.programmes.models import Programme
from exchange.web.loaders import load_allowed

ENVELOPE = 64 * 1024  # room for the form around the file
LRMX_MIMETYPE = "application/xml"


def _limits() -> services.Limits:
    config = current_app.config
    return services.Limits(
        file_bytes=config["LRMX_MAX_BYTES"],
        zip_files=config["LRMX_ZIP_MAX_FILES"],
        separator=configured_separator(config),
    )


def _read_upload(form, limit: int) -> bytes | None:
    """The uploaded bytes, read up to one past ``limit``; None when the request is too large."""
    request.max_content_length = limit + ENVELOPE
    try:
        form.validate_on_submit()
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        return None
    if upload is None:
        return b""
    return upload.stream.read(limit + 1)


def _too_large(form, template, status=413, **context):
    limit = context.pop("limit")
    apply_to_form(services.refusal("too_large", limit=limit // 1024), form)
    return render_template(template, form=form, **context), status


def _cadre(cadre_id: int) -> Cadre:
    stmt = (
        sa.select(Cadre)
        .where(Cadre.id == cadre_id)
        .options(joinedload(Cadre.home_department).joinedload(Department.district))
    )
    return load_allowed(stmt, None, policy.can_patch_lrmx)


@bp.route("/cadres/<int:cadre_id>/lrmx", methods=["GET", "POST"])
@login_required
def cadre_file(cadre_id: int):
    cadre = _cadre(cadre_id)
    form = LrmxForm()
    if request.method == "GET":
        return render_template("lrmx/cadre.html", form=form, cadre=cadre)
    limits = _limits()
    data = _read_upload(form, limits.file_bytes)
    if data is None:
        return _too_large(form, "lrmx/cadre.html", cadre=cadre, limit=limits.file_bytes)
    if not form.validate_on_submit():
        return render_template("lrmx/cadre.html", form=form, cadre=cadre), 400
    try:
        patched = services.patch_cadre_file(
            cadre, data, current_user, bool(form.annual.data), limits
        )
    except DomainError as error:
        status = refuse(error, form)
        return render_template("lrmx/cadre.html", form=form, cadre=cadre), status
    db.session.commit()
    upload = request.files.get("file")
    name = upload.filename if upload and upload.filename else f"{cadre.name}.lrmx"
    return send_file(
        BytesIO(patched), mimetype=LRMX_MIMETYPE, as_attachment=True, download_name=name, max_age=0
    )


@bp.route("/programmes/<int:programme_id>/lrmx", methods=["GET", "POST"])
@login_required
def programme_zip(programme_id: int):
    stmt = (
        sa.select(Programme)
        .where(Programme.id == programme_id)
        .options(selectinload(Programme.districts))
    )
    programme: Programme = load_allowed(
        stmt, None, lambda u, p: policy.can_manage_programme(u, p) and not policy.is_leader(u)
    )
    form = LrmxZipForm()
    context = {"programme": programme}
    if request.method == "GET":
        return render_template("lrmx/programme.html", form=form, **context)
    limit = current_app.config["LRMX_ZIP_MAX_BYTES"]
    data = _read_upload(form, limit)
    if data is None or len(data) > limit:
        return _too_large(form, "lrmx/programme.html", limit=limit, **context)
    if not form.validate_on_submit():
        return render_template("lrmx/programme.html", form=form, **context), 400
    try:
        result = services.patch_programme_zip(
            programme, data, current_user, bool(form.annual.data), _limits()
        )
    except DomainError as error:
        status = refuse(error, form)
        return render_template("lrmx/programme.html", form=form, **context), status
    db.session.commit()
    response = send_file(
        BytesIO(result.data),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{programme.name}-任免审批表.zip",
        max_age=0,
    )
    response.headers["X-Unmatched-Files"] = str(len(result.unmatched))
    return response
